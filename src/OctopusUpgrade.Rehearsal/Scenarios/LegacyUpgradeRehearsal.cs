using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Engine.Tentacles.Hydra;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Rehearsal.Scenarios
{
    /// <summary>
    /// The documented 2.6 path to a new 2018.10 LTS server: back up 2.6 (its .octobak and Master Key), check its
    /// Tentacles, upgrade them with Hydra from 2.6 (after which 2.6 can no longer reach them), then move the built-in
    /// feed's packages to the new server and have it re-index them.
    /// </summary>
    internal sealed class LegacyUpgradeRehearsal(string workFolder, ConsoleReporter reporter) : UpgradeRehearsal(workFolder, reporter)
    {
        public const string From = "2.6.5.1010";
        public const string To = "2018.10.0";

        /// <summary>The Hydra package's version, which the Tentacles run afterwards (the version once published at the docs' download link).</summary>
        private const string HydraVersion = "3.0.10.268";

        public override async Task RunAsync(RehearsalLog log, CancellationToken cancellationToken)
        {
            log.Scenario($"Octopus {From} to a new {To} server");
            var oldDescription = EstateDescription.ForVersion(From);
            oldDescription.TimeScale = 60;
            await using var old = await RehearsalEstate.StartAsync(oldDescription, WorkFolder, "legacy-2.6", To, Reporter).ConfigureAwait(false);
            var newDescription = EstateDescription.ForVersion(To);
            newDescription.TimeScale = 60;
            // A fresh install: nothing on it until the migration brings the 2.6 data, so the outside check cannot pass by accident.
            newDescription.Packages = [];
            newDescription.Machines = [];
            newDescription.Environments = [];
            newDescription.Projects = [];
            await using var target = await RehearsalEstate.StartAsync(newDescription, WorkFolder, "new-2018.10", To, Reporter).ConfigureAwait(false);

            string? octobakInSet = null;
            await log.StepAsync("Backup-OctopusDatabase on 2.6 (the Backup task's .octobak)", async () =>
            {
                var backup = await StepDriver.RunAsync(old.Runner, new BackupOctopusDatabaseStep(), new BackupOctopusDatabaseRequest { Path = Path.Combine(WorkFolder, "backups-2.6"), PollInterval = Poll }, cancellationToken).ConfigureAwait(false);
                var octobak = backup.Manifest.Find(BackupKind.LegacyData) ?? throw new RehearsalCheckFailedException("the manifest names no .octobak");
                var original = Directory.GetFiles(old.Server.Estate.LegacyBackupFolder, "*.octobak").SingleOrDefault(f => Path.GetFileName(f) == octobak.File)
                    ?? throw new RehearsalCheckFailedException("the 2.6 server's backup folder has no " + octobak.File);
                var copy = Path.Combine(backup.SetFolder, octobak.File);
                octobakInSet = copy;
                RehearsalCheckFailedException.Unless(FileHash.Sha256(copy) == FileHash.Sha256(original) && string.Equals(FileHash.Sha256(copy), octobak.Sha256, StringComparison.OrdinalIgnoreCase), "the copied .octobak differs from the server's or from the manifest");
                RehearsalCheckFailedException.Unless(backup.Manifest.Find(BackupKind.MasterKey) is not null, "the Master Key was not saved");
                return $"{octobak.File} in the set is byte-for-byte the one the 2.6 server wrote; Master Key and license saved";
            }).ConfigureAwait(false);

            // 2.x machine documents carry Status (Online, Offline, NeedsUpgrade...), not HealthStatus.
            await log.StepAsync("Test-TentacleHealth from 2.6", () => CheckTentaclesAsync(old, "api/machines", m => (string?)m["Status"] == "Online", cancellationToken)).ConfigureAwait(false);

            if (octobakInSet is not null)
            {
                await log.StepAsync("Invoke-OctopusMigration into the new server", async () =>
                {
                    // The administrator's copy of the Master Key (Octopus Manager's "Copy Master Key to clipboard").
                    var request = new MigrationRequest(octobakInSet) { MasterKey = new Secret(old.Server.Estate.MasterKey), MaxAge = 90 };
                    var outcome = await StepDriver.RunAsync(target.Runner, new InvokeOctopusMigrationStep(), request, cancellationToken).ConfigureAwait(false);
                    RehearsalCheckFailedException.Unless(outcome.Verified && outcome.LicenseApplied, "the step did not verify the import or the license");
                    foreach (var resource in new[] { "environments", "machines", "projects" })
                    {
                        var before = await NamesAsync(old, "api/" + resource).ConfigureAwait(false);
                        var after = await NamesAsync(target, "api/" + resource).ConfigureAwait(false);
                        var missing = before.Except(after, StringComparer.OrdinalIgnoreCase).ToList();
                        RehearsalCheckFailedException.Unless(missing.Count == 0, $"the new server lacks {resource}: {string.Join(", ", missing)}");
                    }

                    var oldLicense = (string?)(await old.Outside.GetAsync("api/licenses/licenses-current").ConfigureAwait(false))["SerialNumber"];
                    var newLicense = (string?)(await target.Outside.GetAsync("api/licenses/licenses-current").ConfigureAwait(false))["SerialNumber"];
                    RehearsalCheckFailedException.Unless(oldLicense == newLicense, "the new server's license is not the 2.6 server's");
                    RehearsalCheckFailedException.Unless(!File.ReadAllText(target.Session.Journal.Path).Contains(old.Server.Estate.MasterKey, StringComparison.Ordinal), "the Master Key is in the journal");
                    return "every environment, machine and project of the 2.6 API is in the new server's API, its license is the 2.6 one, and the journal holds no Master Key";
                }).ConfigureAwait(false);
            }

            await log.StepAsync("Invoke-HydraUpgrade from 2.6, then Test-TentacleHealth -Expect Unreachable", async () =>
            {
                var package = NupkgWriter.Write(Directory.CreateDirectory(Path.Combine(WorkFolder, "hydra")).FullName, "OctopusDeploy.Hydra", HydraVersion);
                var upgraded = await StepDriver.RunAsync(
                    old.Runner,
                    new InvokeHydraUpgradeStep(),
                    new HydraUpgradeRequest { PackagePath = package, VerifyDelay = TimeSpan.FromSeconds(2), VerifyRetryInterval = TimeSpan.FromSeconds(1) },
                    cancellationToken).ConfigureAwait(false);
                RehearsalCheckFailedException.Unless(upgraded.Count > 0 && upgraded.All(o => o.Upgraded), "not every Tentacle upgraded: " + string.Join(", ", upgraded.Where(o => !o.Upgraded).Select(o => o.Machine.Name)));
                var health = await StepDriver.RunAsync(old.Runner, new TentacleHealthStep(), new TentacleHealthRequest { Expect = TentacleExpectation.Unreachable, RetryCount = 0 }, cancellationToken).ConfigureAwait(false);
                RehearsalCheckFailedException.Unless(health.All(h => h.Passed), "the 2.6 server still reaches: " + string.Join(", ", health.Where(h => !h.Passed).Select(h => h.Machine.Name)));
                var stale = old.Server.Estate.Machines.Where(m => m.TentacleVersion != HydraVersion).Select(m => m.Name + " " + m.TentacleVersion).ToList();
                RehearsalCheckFailedException.Unless(stale.Count == 0, "Tentacles not on " + HydraVersion + ": " + string.Join(", ", stale));
                return $"{upgraded.Count} Tentacles run {HydraVersion} (read from the simulated machines), and the 2.6 server's own health check can no longer reach any";
            }).ConfigureAwait(false);

            // Not rehearsed: "health from the new server passes". Two sandboxes are two worlds; the machines the migrator
            // imported are not the Tentacles Hydra upgraded on the 2.6 estate, so they still run 2.6.5 there.
            await log.StepAsync("Copy-NuGetPackages -Reindex into the new server", async () =>
            {
                var source = old.Server.Estate.Feed.PackagesPath();
                var files = Directory.GetFiles(source, "*.nupkg", SearchOption.AllDirectories);
                var result = await StepDriver.RunAsync(target.Runner, new CopyNuGetPackagesStep(), new CopyNuGetPackagesRequest { SourcePath = source, Reindex = true, ReindexPollInterval = Poll, ReindexTimeout = TimeSpan.FromMinutes(2) }, cancellationToken).ConfigureAwait(false);
                RehearsalCheckFailedException.Unless(result.Reindexed, "the re-index did not finish: " + result.ReindexError?.Message);
                var listed = (await target.Outside.GetAsync("api/packages?take=1000").ConfigureAwait(false))["Items"]!.AsArray()
                    .Select(p => (string?)p!["PackageId"] + " " + (string?)p["Version"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var missing = files.Select(Identity).Where(p => !listed.Contains(p)).ToList();
                RehearsalCheckFailedException.Unless(missing.Count == 0 && result.Copy.Copied == files.Length, "the new server's feed does not list: " + string.Join(", ", missing));
                return $"{result.Copy.Copied} of {files.Length} package files copied and verified; the new server's API lists every one";
            }).ConfigureAwait(false);
        }

        private static async Task<List<string>> NamesAsync(RehearsalEstate estate, string path) =>
            (await estate.Outside.GetAsync(path + "?take=1000").ConfigureAwait(false))["Items"]!.AsArray().Select(i => (string?)i!["Name"] ?? string.Empty).ToList();

        /// <summary>"Acme.Web 1.1.0" from "Acme.Web.1.1.0.nupkg": the version starts at the first dot followed by a digit.</summary>
        private static string Identity(string file)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var split = System.Text.RegularExpressions.Regex.Match(name, @"\.(?=\d)").Index;
            return name[..split] + " " + name[(split + 1)..];
        }
    }
}
