using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.DatabaseUpgrade;
using OctopusUpgrade.Engine.Install;
using OctopusUpgrade.Engine.Maintenance;
using OctopusUpgrade.Engine.Readiness;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Rehearsal.Scenarios
{
    /// <summary>
    /// An in-place upgrade of a two-node 2019.7 server with deployments running: readiness, backup and a restore drill,
    /// maintenance mode with the running tasks drained, Tentacle health, both nodes stopped, the new version installed on
    /// each, the database upgraded from one, both started, the Tentacles upgraded, maintenance mode back off.
    /// </summary>
    internal sealed class InPlaceUpgradeRehearsal(string workFolder, ConsoleReporter reporter) : UpgradeRehearsal(workFolder, reporter)
    {
        public const string From = "2019.7.12";
        public const string To = "2020.6.4";

        public override async Task RunAsync(RehearsalLog log, CancellationToken cancellationToken)
        {
            log.Scenario($"In-place upgrade of a two-node Octopus {From} with deployments running, towards {To}");
            var description = EstateDescription.ForVersion(From);
            description.TimeScale = 120;
            description.Nodes = [new NodeDescription { Name = "OCTOPUS01" }, new NodeDescription { Name = "OCTOPUS02" }];
            // Ten simulated minutes (five real seconds): the deployments started just before maintenance mode goes on are still running, so the drain is real.
            description.Durations.DeploymentSeconds = 600;
            await using var estate = await RehearsalEstate.StartAsync(description, WorkFolder, "in-place", To, Reporter).ConfigureAwait(false);
            BackupOctopusDatabaseResult? backup = null;

            await log.StepAsync("Test-OctopusUpgradeReadiness", async () =>
            {
                var starts = estate.Server.Estate.Service.Starts;
                var checks = await StepDriver.RunAsync(estate.Runner, new TestOctopusUpgradeReadinessStep(), new TestOctopusUpgradeReadinessRequest(), cancellationToken).ConfigureAwait(false);
                var failing = checks.Where(c => c.Status == ReadinessStatus.Fail).Select(c => c.Name + ": " + c.Detail).ToList();
                RehearsalCheckFailedException.Unless(failing.Count == 0, "failing checks: " + string.Join("; ", failing));
                var maintenance = await estate.Outside.GetAsync("api/maintenanceconfiguration").ConfigureAwait(false);
                RehearsalCheckFailedException.Unless(!(bool)maintenance["IsInMaintenanceMode"]!, "the read-only checks switched maintenance mode on");
                RehearsalCheckFailedException.Unless(estate.Server.Estate.Service.Starts == starts, "the read-only checks restarted the service");
                return $"{checks.Count} checks, none failing ({string.Join(", ", checks.Where(c => c.Status == ReadinessStatus.Warn).Select(c => c.Name + " warns"))}); maintenance mode and the service untouched, per the API";
            }).ConfigureAwait(false);

            await log.StepAsync("Backup-OctopusDatabase", async () =>
            {
                backup = await StepDriver.RunAsync(estate.Runner, new BackupOctopusDatabaseStep(), new BackupOctopusDatabaseRequest { Path = Path.Combine(WorkFolder, "backups") }, cancellationToken).ConfigureAwait(false);
                var database = backup.Manifest.Find(BackupKind.Database) ?? throw new RehearsalCheckFailedException("the manifest names no database backup");
                var file = Path.Combine(backup.SetFolder, database.File);
                RehearsalCheckFailedException.Unless(File.Exists(file), file + " is not on disk");
                RehearsalCheckFailedException.Unless(string.Equals(FileHash.Sha256(file), database.Sha256, StringComparison.OrdinalIgnoreCase), "the file's SHA-256 is not the manifest's");
                RehearsalCheckFailedException.Unless(backup.Manifest.SchemaScriptCount == estate.Server.Estate.Sql.SchemaScripts.Count, "the manifest's schema history is not the database's");
                return $"{database.File} ({database.SizeBytes:N0} bytes) re-hashed from disk, schema history of {backup.Manifest.SchemaScriptCount} scripts matches the SQL Server's";
            }).ConfigureAwait(false);

            if (backup is not null)
            {
                await log.StepAsync("Restore-OctopusDatabase (restore drill)", async () =>
                {
                    var restored = await StepDriver.RunAsync(estate.Runner, new RestoreOctopusDatabaseStep(), new RestoreOctopusDatabaseRequest(backup.ManifestPath), cancellationToken).ConfigureAwait(false);
                    var sql = estate.Server.Estate.Sql;
                    RehearsalCheckFailedException.Unless(sql.SchemaScripts.Count == backup.Manifest.SchemaScriptCount, "the database's schema history is not the backup's");
                    RehearsalCheckFailedException.Unless(sql.UserAccess == "MULTI_USER", "the database was left " + sql.UserAccess);
                    return $"{restored.Database} restored; the SQL Server reports {sql.SchemaScripts.Count} schema scripts and MULTI_USER";
                }).ConfigureAwait(false);
            }

            await log.StepAsync("Enable-MaintenanceMode -WaitForTasks", async () =>
            {
                await estate.Outside.ControlAsync("nodes/OCTOPUS01/tasks?count=2").ConfigureAwait(false);
                var outcome = await StepDriver.RunAsync(estate.Runner, new MaintenanceModeStep(turnOn: true), new MaintenanceModeRequest { WaitForTasks = true, Timeout = TimeSpan.FromMinutes(2), PollInterval = Poll }, cancellationToken).ConfigureAwait(false);
                var maintenance = await estate.Outside.GetAsync("api/maintenanceconfiguration").ConfigureAwait(false);
                RehearsalCheckFailedException.Unless((bool)maintenance["IsInMaintenanceMode"]!, "the API says maintenance mode is off");
                var tasks = estate.Server.Estate.Tasks;
                var running = tasks.Count(t => t.State is "Queued" or "Executing" or "Cancelling");
                RehearsalCheckFailedException.Unless(running == 0, $"{running} task(s) still queued or running");
                var waited = outcome.Drain?.TasksWaitedFor ?? 0;
                RehearsalCheckFailedException.Unless(waited > 0, "no running deployment was waited for, so the drain was not rehearsed");
                var deployments = tasks.Where(t => t.Name == "Deploy").ToList();
                RehearsalCheckFailedException.Unless(deployments.All(t => t.State == "Success"), "a deployment did not finish successfully: " + string.Join(", ", deployments.Select(t => t.Id + " " + t.State)));
                return $"maintenance mode on per the API; {waited} running deployment(s) waited for, each finished Success, no task left";
            }).ConfigureAwait(false);

            await log.StepAsync("Test-TentacleHealth", () => CheckTentaclesAsync(estate, "api/Spaces-1/machines?take=1000", m => (string?)m["HealthStatus"] == "Healthy", cancellationToken)).ConfigureAwait(false);

            var nodes = description.Nodes.Select(n => (Name: n.Name, Runner: estate.OnNode(n.Name))).ToList();
            var nodeRequest = new ServerNodeRequest { PollInterval = Poll, DrainWait = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromMinutes(2) };
            await log.StepAsync("Stop-OctopusServerNode on each node", async () =>
            {
                foreach (var node in nodes)
                {
                    await StepDriver.RunAsync(node.Runner, new StopOctopusServerNodeStep(), nodeRequest, cancellationToken).ConfigureAwait(false);
                }

                var running = estate.Server.Estate.Nodes.Where(n => n.Service.State != ServiceState.Stopped).Select(n => n.Name).ToList();
                RehearsalCheckFailedException.Unless(running.Count == 0, "still running: " + string.Join(", ", running));
                return $"{nodes.Count} nodes drained and their services stopped, per each node's machine";
            }).ConfigureAwait(false);

            await log.StepAsync($"Install-OctopusServer with the {To} MSI on each node", async () =>
            {
                // A real Windows Installer package the sandbox writes, and the msiexec stand-in in each node's install folder.
                var msi = SandboxMsi.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(WorkFolder, "msi")).FullName, $"Octopus.{To}-x64.msi"), To);
                foreach (var node in nodes)
                {
                    var request = new InstallRequest(msi)
                    {
                        LogPath = Path.Combine(WorkFolder, "msi", node.Name + ".install.log"),
                        MsiexecPath = Path.Combine(estate.Server.NodeInstallPaths[node.Name], "msiexec.exe"),
                        Timeout = TimeSpan.FromMinutes(2),
                    };
                    await StepDriver.RunAsync(node.Runner, new InstallOctopusServerStep(), request, cancellationToken).ConfigureAwait(false);
                }

                var installed = await Task.WhenAll(nodes.Select(n => estate.Outside.GetAsync("sandbox/nodes/" + n.Name))).ConfigureAwait(false);
                RehearsalCheckFailedException.Unless(installed.All(n => (string?)n["InstalledVersion"] == To), "not every node has " + To + " installed");
                return $"{To} installed on {nodes.Count} nodes through msiexec, per each node's machine";
            }).ConfigureAwait(false);

            await log.StepAsync("Update-OctopusDatabase from the first node", async () =>
            {
                var before = estate.Server.Estate.Sql.SchemaScripts.Count;
                var upgraded = await StepDriver.RunAsync(nodes[0].Runner, new UpdateOctopusDatabaseStep(), new UpdateOctopusDatabaseRequest(), cancellationToken).ConfigureAwait(false);
                var after = estate.Server.Estate.Sql.SchemaScripts.Count;
                RehearsalCheckFailedException.Unless(upgraded.Verified && after > before, $"the schema history did not grow ({before} then {after} scripts)");
                return $"the SQL Server's schema history grew from {before} to {after} scripts";
            }).ConfigureAwait(false);

            await log.StepAsync("Start-OctopusServerNode on each node", async () =>
            {
                foreach (var node in nodes)
                {
                    await StepDriver.RunAsync(node.Runner, new StartOctopusServerNodeStep(), nodeRequest, cancellationToken).ConfigureAwait(false);
                }

                var summary = (await estate.Outside.GetAsync("api/octopusservernodes/summary").ConfigureAwait(false))["Nodes"]!.AsArray();
                var wrong = summary.Where(n => (string?)n!["Version"] != To || (bool)n["IsOffline"]! || (bool)n["IsInMaintenanceMode"]!).Select(n => (string?)n!["Name"]).ToList();
                RehearsalCheckFailedException.Unless(summary.Count == nodes.Count && wrong.Count == 0, "nodes not online on " + To + ": " + string.Join(", ", wrong));
                var root = await estate.Outside.GetAsync("api").ConfigureAwait(false);
                RehearsalCheckFailedException.Unless((string?)root["Version"] == To, "the API reports " + root["Version"]);
                return $"the API reports {To}, and every node online on {To} and taking work";
            }).ConfigureAwait(false);

            await log.StepAsync("Update-OctopusTentacle", async () =>
            {
                var upgraded = await StepDriver.RunAsync(estate.Runner, new UpdateOctopusTentacleStep(), new TentacleUpgradeRequest { Timeout = TimeSpan.FromMinutes(2) }, cancellationToken).ConfigureAwait(false);
                RehearsalCheckFailedException.Unless(upgraded.Count > 0 && upgraded.All(o => o.Upgraded), "not upgraded: " + string.Join(", ", upgraded.Where(o => !o.Upgraded).Select(o => o.Machine.Name + " " + o.Message)));
                var bundled = upgraded.Select(o => o.TentacleVersion?.ToString()).Distinct().Single();
                var stale = estate.Server.Estate.Machines.Where(m => !m.IsWorker && m.TentacleVersion != bundled).Select(m => m.Name).ToList();
                RehearsalCheckFailedException.Unless(stale.Count == 0, "machines not on " + bundled + ": " + string.Join(", ", stale));
                return $"{upgraded.Count} Tentacles on {bundled}, read from the simulated machines";
            }).ConfigureAwait(false);

            await log.StepAsync("Disable-MaintenanceMode", async () =>
            {
                await StepDriver.RunAsync(estate.Runner, new MaintenanceModeStep(turnOn: false), new MaintenanceModeRequest { PollInterval = Poll }, cancellationToken).ConfigureAwait(false);
                var maintenance = await estate.Outside.GetAsync("api/maintenanceconfiguration").ConfigureAwait(false);
                RehearsalCheckFailedException.Unless(!(bool)maintenance["IsInMaintenanceMode"]!, "the API says maintenance mode is still on");
                return "maintenance mode off per the API";
            }).ConfigureAwait(false);
        }
    }
}
