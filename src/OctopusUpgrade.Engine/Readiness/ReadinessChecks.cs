using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>
    /// The readiness checks, each reading and never writing. A check that cannot be made (no access, an older server
    /// without the resource) is a Warn saying why, never a Pass.
    /// </summary>
    internal sealed class ReadinessChecks
    {
        public const string License = "License";
        public const string SqlServerVersion = "SqlServerVersion";
        public const string UpgradePath = "UpgradePath";
        public const string Nodes = "HighAvailabilityNodes";
        public const string RunningTasks = "RunningTasks";
        public const string MaintenanceMode = "MaintenanceMode";
        public const string BackupSpace = "BackupSpace";
        public const string MasterKey = "MasterKey";
        public const string CustomObjects = "CustomObjects";
        public const string Tentacles = "Tentacles";
        public const string SystemIntegrity = "SystemIntegrity";

        /// <summary>
        /// Tables Octopus creates in schema dbo that the checks know of (a representative set, as the sandbox models):
        /// any other object is reported, as a warning only, because custom indexes and objects can make the upgrade fail.
        /// </summary>
        private static readonly HashSet<string> OctopusTables = new(StringComparer.OrdinalIgnoreCase)
        {
            "SchemaVersions", "OctopusServerInstallationHistory", "Configuration", "OctopusServerNode", "ServerTask", "Event",
            "Project", "Release", "Deployment", "DeploymentEnvironment", "Machine", "Certificate", "Feed", "User", "Team",
        };

        private static readonly OctopusVersion FirstSqlVersion = OctopusVersion.Parse("3.0");

        private readonly StepRunner _runner;
        private readonly OctopusVersion? _target;
        private readonly TestOctopusUpgradeReadinessRequest _request;

        public ReadinessChecks(StepRunner runner, OctopusVersion? target, TestOctopusUpgradeReadinessRequest request)
        {
            _runner = runner;
            _target = target;
            _request = request;
        }

        public async Task<IReadOnlyList<ReadinessCheck>> RunAllAsync(CancellationToken cancellationToken)
        {
            using var client = SessionApiClients.For(_runner.Session, _runner.Reporter, _runner.Clock);
            var current = (await client.GetRootAsync(cancellationToken).ConfigureAwait(false)).Version;
            if (current is not null)
            {
                _runner.Learn(facts => facts with { ServerVersion = current });
            }

            var sql = _runner.Session.Sql is null || (current is not null && current < FirstSqlVersion) ? null : new OctopusDatabaseQueries(new SqlServerGateway(_runner.Session.Sql));
            var checks = new List<ReadinessCheck>
            {
                await Check(License, () => LicenseAsync(client, current, cancellationToken)).ConfigureAwait(false),
                await Check(SqlServerVersion, () => SqlServerVersionAsync(sql, cancellationToken)).ConfigureAwait(false),
                Path(current),
                await Check(Nodes, () => NodesAsync(client, current, cancellationToken)).ConfigureAwait(false),
                await Check(RunningTasks, () => RunningTasksAsync(client, cancellationToken)).ConfigureAwait(false),
                await Check(MaintenanceMode, () => MaintenanceAsync(client, current, cancellationToken)).ConfigureAwait(false),
                await Check(BackupSpace, () => BackupSpaceAsync(sql, cancellationToken)).ConfigureAwait(false),
                await Check(MasterKey, () => MasterKeyAsync(current, cancellationToken)).ConfigureAwait(false),
                await Check(CustomObjects, () => CustomObjectsAsync(sql, cancellationToken)).ConfigureAwait(false),
                await Check(Tentacles, () => TentaclesAsync(client, cancellationToken)).ConfigureAwait(false),
            };
            if (_request.SystemIntegrityCheck)
            {
                checks.Add(await Check(SystemIntegrity, () => SystemIntegrityAsync(client, current, cancellationToken)).ConfigureAwait(false));
            }

            return checks;
        }

        private static async Task<ReadinessCheck> Check(string name, Func<Task<ReadinessCheck>> check)
        {
            try
            {
                return await check().ConfigureAwait(false);
            }
            catch (OctopusUpgradeException e)
            {
                return ReadinessCheck.Warn(name, "Could not be checked: " + e.Message, "Check it by hand, or give the session what it needs (API key with admin rights, SQL login with VIEW SERVER STATE, -InstallPath).");
            }
        }

        private static async Task<ReadinessCheck> LicenseAsync(OctopusApiClient client, OctopusVersion? current, CancellationToken cancellationToken)
        {
            if (current is not null && current < FirstSqlVersion)
            {
                var license = await client.Licenses.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
                return string.IsNullOrWhiteSpace(license.LicenseText)
                    ? ReadinessCheck.Fail(License, "The server has no license key.", "Set a license key before upgrading (ISS#9828), and keep a copy: the 2.6 migrator does not carry it over.")
                    : ReadinessCheck.Warn(License, $"Octopus {current} does not report license compliance; the key (serial {license.SerialNumber}) is there.", "Back it up (Backup-OctopusDatabase saves License.xml): the 2.6 migrator does not import it.");
            }

            var status = await client.Licenses.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            var messages = string.Join(" ", status.Messages.Select(m => m.Message));
            if (!status.IsCompliant || status.DoesExpiryBlockKeyActivities)
            {
                return ReadinessCheck.Fail(License, $"The license is not valid for an upgrade: {status.ComplianceSummary} {messages}".Trim(), "Renew or replace the license key first: the upgrade refuses to run a database upgrade that leaves the server non-compliant.");
            }

            return ReadinessCheck.Pass(License, $"Compliant: {status.ComplianceSummary}".Trim());
        }

        private async Task<ReadinessCheck> SqlServerVersionAsync(OctopusDatabaseQueries? sql, CancellationToken cancellationToken)
        {
            if (_target is null)
            {
                return ReadinessCheck.Warn(SqlServerVersion, "No target version is known.", "Give -TargetVersion, or create the session with -TargetVersion.");
            }

            var requirement = SqlServerRequirement.For(_target);
            if (requirement is null)
            {
                return ReadinessCheck.Pass(SqlServerVersion, $"Octopus {_target} keeps its data in RavenDB, not SQL Server.");
            }

            if (sql is null)
            {
                return ReadinessCheck.Warn(SqlServerVersion, $"Octopus {_target} needs {requirement.MinimumName} or later, but the session has no SQL connection to check (or the server is 2.x, whose data is not in SQL Server yet).", "Give the session -SqlConnectionString for the database the upgraded server will use.");
            }

            var server = await sql.ReadServerAsync(cancellationToken).ConfigureAwait(false);
            if (server.IsAzureSqlDatabase)
            {
                return ReadinessCheck.Pass(SqlServerVersion, $"Azure SQL Database ({server.ProductVersion}), supported by Octopus {_target}.");
            }

            return server.MajorVersion >= requirement.MinimumMajorVersion
                ? ReadinessCheck.Pass(SqlServerVersion, $"SQL Server {server.ProductVersion} ({server.Edition}) meets Octopus {_target}'s minimum, {requirement.MinimumName}.")
                : ReadinessCheck.Fail(SqlServerVersion, $"SQL Server {server.ProductVersion} ({server.Edition}) is older than {requirement.MinimumName}, which Octopus {_target} needs.", $"Upgrade SQL Server to {requirement.MinimumName} or later first (or move the database), then upgrade Octopus.");
        }

        private ReadinessCheck Path(OctopusVersion? current)
        {
            if (_target is null || current is null)
            {
                return ReadinessCheck.Warn(UpgradePath, $"The {(current is null ? "current" : "target")} version is not known.", "Give -TargetVersion.");
            }

            if (_target <= current)
            {
                return ReadinessCheck.Fail(UpgradePath, $"The target {_target} is not newer than the server's {current}.", "Choose a newer target version.");
            }

            var broken = UpgradeHop.Broken(current, _target);
            return broken.Count == 0
                ? ReadinessCheck.Pass(UpgradePath, $"No known problem going from {current} to {_target}.")
                : ReadinessCheck.Fail(UpgradePath, $"From {current} to {_target}: " + string.Join("; ", broken.Select(b => b.Problem)) + ".", string.Join(" ", broken.Select(b => b.Remedy).Distinct()));
        }

        private static async Task<ReadinessCheck> NodesAsync(OctopusApiClient client, OctopusVersion? current, CancellationToken cancellationToken)
        {
            if (current is not null && current < FirstSqlVersion)
            {
                return ReadinessCheck.Pass(Nodes, "Octopus 2.x runs one node.");
            }

            var nodes = await client.Nodes.GetAllWithStateAsync(cancellationToken).ConfigureAwait(false);
            var online = nodes.Count(n => n.IsOffline != true);
            var versions = nodes.Where(n => n.Version is not null).Select(n => n.Version!).Distinct().ToList();
            var detail = $"{nodes.Count} node(s), {online} online, " + (versions.Count == 0 ? "versions not reported by this server." : $"running {string.Join(", ", versions)}.");
            return versions.Count > 1
                ? ReadinessCheck.Fail(Nodes, "The nodes run different versions: " + string.Join("; ", nodes.Select(n => $"{n.Name} {n.Version}")) + ".", "Finish (or roll back) the previous upgrade so every node runs one version before starting another.")
                : online > 1
                    ? ReadinessCheck.Warn(Nodes, detail, "Stop every node but one before the database upgrade (2023.2.9755 and later refuse while another node runs), then upgrade each.")
                    : nodes.Count > 1 && versions.Count == 0
                        ? ReadinessCheck.Warn(Nodes, detail, "Check on each node (Octopus.Server.exe version) that all run one version before the upgrade.")
                        : ReadinessCheck.Pass(Nodes, detail);
        }

        private static async Task<ReadinessCheck> RunningTasksAsync(OctopusApiClient client, CancellationToken cancellationToken)
        {
            var active = new List<OctopusTask>();
            await foreach (var task in client.Tasks.GetActiveAsync(acrossAllSpaces: true, cancellationToken).ConfigureAwait(false))
            {
                active.Add(task);
            }

            return active.Count == 0
                ? ReadinessCheck.Pass(RunningTasks, "No task is running or queued.")
                : ReadinessCheck.Warn(RunningTasks, $"{active.Count} task(s) running or queued: " + string.Join(", ", active.Take(5).Select(t => $"{t.Id} ({t.Name})")) + (active.Count > 5 ? ", …" : string.Empty), "Let them finish under maintenance mode (Enable-MaintenanceMode -WaitForTasks) before the upgrade.");
        }

        private static async Task<ReadinessCheck> MaintenanceAsync(OctopusApiClient client, OctopusVersion? current, CancellationToken cancellationToken)
        {
            if (current is not null && current < FirstSqlVersion)
            {
                return ReadinessCheck.Pass(MaintenanceMode, "Octopus 2.x: take the backup before switching maintenance mode on.");
            }

            var on = (await client.Maintenance.GetAsync(cancellationToken).ConfigureAwait(false)).IsInMaintenanceMode;
            return ReadinessCheck.Pass(MaintenanceMode, on ? "Maintenance mode is on." : "Maintenance mode is off; Enable-MaintenanceMode switches it on before the upgrade.");
        }

        private async Task<ReadinessCheck> BackupSpaceAsync(OctopusDatabaseQueries? sql, CancellationToken cancellationToken)
        {
            var database = _runner.Session.Sql?.Database;
            if (sql is null || database is null)
            {
                return ReadinessCheck.Warn(BackupSpace, "No SQL database to measure.", "Give the session -SqlConnectionString.");
            }

            var server = await sql.ReadServerAsync(cancellationToken).ConfigureAwait(false);
            if (server.IsAzureSqlDatabase)
            {
                return ReadinessCheck.Pass(BackupSpace, "Azure SQL Database: its backups are the platform's.");
            }

            var size = await sql.ReadDatabaseSizeAsync(database, cancellationToken).ConfigureAwait(false);
            var (where, free) = _request.BackupPath is null
                ? ("the database's volume", await sql.ReadVolumeFreeSpaceAsync(database, cancellationToken).ConfigureAwait(false))
                : ($"'{_request.BackupPath}'", CopyFileSystem.Instance.GetAvailableFreeSpace(_request.BackupPath) ?? throw new OctopusUpgradeException(ReadinessErrorIds.CheckFailed, FailureCategory.ObjectNotFound, $"'{_request.BackupPath}' is not a folder this machine can measure.", _request.BackupPath));
            var detail = string.Format(CultureInfo.InvariantCulture, "{0:N0} MB free on {1}; the database is {2:N0} MB.", free / 1048576.0, where, size / 1048576.0);
            return free >= size
                ? ReadinessCheck.Pass(BackupSpace, detail)
                : ReadinessCheck.Fail(BackupSpace, detail, "Free space there (an uncompressed backup is up to the database's size), or back up elsewhere with -Path, or add -Compress.");
        }

        private async Task<ReadinessCheck> MasterKeyAsync(OctopusVersion? current, CancellationToken cancellationToken)
        {
            var session = _runner.Session;
            if (current is not null && current < FirstSqlVersion)
            {
                return ReadinessCheck.Pass(MasterKey, "Octopus 2.x keeps its keys in the .octobak's password, given to the migrator.");
            }

            if (session.InstallPath is null)
            {
                return ReadinessCheck.Fail(MasterKey, "The session does not know the install folder, so Octopus.Server.exe show-master-key cannot run.", "Create the session with -InstallPath, or save the Master Key yourself: without it the database's sensitive values cannot be read.");
            }

            if (await MasterKeyReader.ReadAsync(_runner, cancellationToken).ConfigureAwait(false) is null)
            {
                return ReadinessCheck.Fail(MasterKey, "Octopus.Server.exe show-master-key printed no key.", "Run it by hand as an administrator on the server and keep the key safe.");
            }

            return ReadinessCheck.Pass(MasterKey, $"The Master Key of instance '{session.InstanceName}' can be read (it is not shown).");
        }

        private async Task<ReadinessCheck> CustomObjectsAsync(OctopusDatabaseQueries? sql, CancellationToken cancellationToken)
        {
            var database = _runner.Session.Sql?.Database;
            if (sql is null || database is null)
            {
                return ReadinessCheck.Warn(CustomObjects, "No SQL database to look in.", "Give the session -SqlConnectionString.");
            }

            var custom = (await sql.ReadUserObjectsAsync(database, cancellationToken).ConfigureAwait(false))
                .Where(o => !string.Equals(o.Schema, "dbo", StringComparison.OrdinalIgnoreCase) || !OctopusTables.Contains(o.Name))
                .ToList();
            return custom.Count == 0
                ? ReadinessCheck.Pass(CustomObjects, "No objects besides Octopus's own.")
                : ReadinessCheck.Warn(CustomObjects, "Objects Octopus did not create: " + string.Join(", ", custom.Select(o => $"{o.Schema}.{o.Name} ({o.Type})")) + ".", "Remove custom objects and indexes before the upgrade, or check they cannot get in its way: added or removed indexes can make the upgrade fail.");
        }

        private async Task<ReadinessCheck> SystemIntegrityAsync(OctopusApiClient client, OctopusVersion? current, CancellationToken cancellationToken)
        {
            if (current is not null && current < FirstSqlVersion)
            {
                return ReadinessCheck.Warn(SystemIntegrity, $"Octopus {current} has no SystemIntegrityCheck task: its data is in RavenDB.", "Take the .octobak backup and keep the Master Key: the migrator reads the whole backup and reports what it cannot import.");
            }

            var queued = await client.Tasks.CreateAsync(OctopusTaskRequest.SystemIntegrityCheck("System integrity check before upgrade (OctopusUpgrade)"), cancellationToken).ConfigureAwait(false);
            _runner.Reporter.Verbose($"Queued the SystemIntegrityCheck task {queued.Id}; waiting up to {DurationText.Describe(_request.SystemIntegrityCheckTimeout)}.");
            var done = await new OctopusTaskWaiter(client, _request.PollInterval, TimeSpan.FromTicks(_request.PollInterval.Ticks * 10), _runner.Clock)
                .WaitAsync(queued.Id, _request.SystemIntegrityCheckTimeout, cancellationToken).ConfigureAwait(false);
            return done.FinishedSuccessfully
                ? ReadinessCheck.Pass(SystemIntegrity, $"The SystemIntegrityCheck task {done.Id} found no problem.")
                : ReadinessCheck.Fail(SystemIntegrity, $"The SystemIntegrityCheck task {done.Id} ended {done.StateName}: {await client.Tasks.GetFailureReasonAsync(done, cancellationToken).ConfigureAwait(false)}.", $"Read the task's log ({done.Id}) and repair what it names, with Octopus support if need be, before upgrading: the upgrade's scripts assume a consistent database.");
        }

        private static async Task<ReadinessCheck> TentaclesAsync(OctopusApiClient client, CancellationToken cancellationToken)
        {
            var machines = new List<OctopusMachine>();
            await foreach (var machine in client.Machines.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                machines.Add(machine);
            }

            var enabled = machines.Where(m => !m.IsDisabled).ToList();
            var unreachable = enabled.Where(m => (m.HealthStatus ?? m.Status) is "Unavailable" or "Unhealthy" or "Offline").ToList();
            var detail = $"{enabled.Count} enabled target(s): " + string.Join(", ", enabled.GroupBy(m => m.HealthStatus ?? m.Status ?? "Unknown").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")) + ".";
            return unreachable.Count == 0
                ? ReadinessCheck.Pass(Tentacles, detail)
                : ReadinessCheck.Warn(Tentacles, detail + " Unreachable: " + string.Join(", ", unreachable.Take(10).Select(m => m.Name)) + ".", "Bring them back, or note them: they are not upgraded with the others (Test-TentacleHealth).");
        }
    }
}
