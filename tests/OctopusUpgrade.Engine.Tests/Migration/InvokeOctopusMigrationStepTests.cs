using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Migration
{
    /// <summary>Invoke-OctopusMigration against a 2.6 sandbox's backup and a new, empty 2018.10 sandbox, over loopback and the migrator stand-in.</summary>
    public sealed class InvokeOctopusMigrationStepTests
    {
        [Fact]
        public async Task Migration_with_maxage_imports_the_backup_checks_it_over_the_api_and_reapplies_the_license()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            var request = sandbox.Request() with { MaxAge = 30 };

            var outcome = await sandbox.MigrateAsync(request);

            Assert.True(outcome.Verified);
            Assert.Contains("--maxage=30", outcome.CommandLine, StringComparison.Ordinal);
            Assert.Equal(sandbox.Backup.Manifest.Inventory!.Environments, outcome.Expected!.Environments);
            Assert.Equal(["Development", "Production", "Test"], outcome.After.Environments);
            Assert.Equal(MigrationSandbox.LegacyProjects, outcome.After.Projects);
            Assert.Equal(sandbox.Legacy.Server.Estate.Machines.Select(m => m.Name).Order(StringComparer.OrdinalIgnoreCase), outcome.After.Machines);
            Assert.True(outcome.LicenseApplied);
            using var client = SessionApiClients.For(sandbox.Session, sandbox.Reporter, TimeProvider.System);
            var license = await client.Licenses.GetCurrentAsync();
            Assert.Equal(sandbox.Legacy.Server.Estate.License.SerialNumber, license.SerialNumber);
            Assert.NotEqual(MigrationSandbox.NewServerLicense, license.SerialNumber);
            Assert.Equal(new[] { StepOutcome.Succeeded, StepOutcome.Succeeded }, sandbox.Session.Journal.Records.Select(r => r.Outcome));
            Assert.Contains(sandbox.Reporter.Progresses, p => p.ActivityId == InvokeOctopusMigrationStep.ActivityId && p.Status.StartsWith("Running for", StringComparison.Ordinal));
            AssertMasterKeyNowhere(sandbox);
        }

        [Fact]
        public async Task Without_a_master_key_the_one_the_sessions_backup_set_saved_is_used()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            sandbox.AdoptLegacyBackups();

            var outcome = await sandbox.MigrateAsync(sandbox.Request(withKey: false));

            Assert.True(outcome.Verified);
            Assert.Equal(5, sandbox.Target.Estate.Machines.Count);
            AssertMasterKeyNowhere(sandbox);
        }

        [Fact]
        public async Task Without_a_master_key_or_a_saved_one_nothing_runs()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.PlanAsync(sandbox.Request(withKey: false)));

            Assert.Equal(MigrationErrorIds.MasterKeyMissing, error.ErrorId);
            Assert.Empty(sandbox.Session.Journal.Records);
        }

        [Fact]
        public async Task A_wrong_master_key_fails_imports_nothing_and_the_journal_says_failed()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            var wrong = Convert.ToBase64String(Enumerable.Repeat((byte)7, 16).ToArray());

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.MigrateAsync(sandbox.Request() with { MasterKey = new Secret(wrong) }));

            Assert.Equal(OctopusToolErrorIds.Failed, error.ErrorId);
            Assert.Contains("master key", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
            Assert.Empty(sandbox.Target.Estate.Machines);
            var record = Assert.Single(sandbox.Session.Journal.Records);
            Assert.Equal(StepOutcome.Failed, record.Outcome);
            Assert.DoesNotContain(wrong, File.ReadAllText(sandbox.Session.Journal.Path), StringComparison.Ordinal);
            Assert.DoesNotContain(wrong, sandbox.Reporter.AllText, StringComparison.Ordinal);
            Assert.Equal(MigrationSandbox.NewServerLicense, sandbox.Target.Estate.License.SerialNumber);
        }

        [Fact]
        public async Task A_killed_migrator_is_journalled_as_interrupted_and_nothing_is_claimed()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            sandbox.Target.Faults.MigratorHangs = true;
            using var stop = new CancellationTokenSource();
            sandbox.Reporter.OnVerbose = line =>
            {
                if (line.Contains("Importing", StringComparison.Ordinal))
                {
                    stop.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sandbox.MigrateAsync(sandbox.Request(), stop.Token));

            var record = Assert.Single(sandbox.Session.Journal.Records);
            Assert.Equal(StepOutcome.Cancelled, record.Outcome);
            Assert.Contains("may have run", Assert.Single(record.Changes), StringComparison.Ordinal);
            Assert.Empty(sandbox.Target.Estate.Machines);
            Assert.Equal(MigrationSandbox.NewServerLicense, sandbox.Target.Estate.License.SerialNumber);
            AssertMasterKeyNowhere(sandbox);
        }

        [Fact]
        public async Task Preview_runs_a_dry_run_that_changes_nothing_and_applies_no_license()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            var request = sandbox.Request() with { Preview = true, NoLogs = true };

            var plan = await sandbox.PlanAsync(request);
            var outcome = await sandbox.MigrateAsync(request);

            Assert.Single(plan.Actions);
            Assert.EndsWith("--nologs --dry-run", plan.Detail.CommandLine, StringComparison.Ordinal);
            Assert.True(outcome.Preview);
            Assert.False(outcome.LicenseApplied);
            Assert.Empty(outcome.After.Machines);
            Assert.Empty(sandbox.Target.Estate.Machines);
            Assert.Equal(MigrationSandbox.NewServerLicense, sandbox.Target.Estate.License.SerialNumber);
            AssertMasterKeyNowhere(sandbox);
        }

        [Fact]
        public async Task A_successful_migrator_that_left_out_a_project_the_26_server_held_is_not_verified()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            var manifest = sandbox.Backup.Manifest with
            {
                Inventory = sandbox.Backup.Manifest.Inventory! with { Projects = [.. MigrationSandbox.LegacyProjects, "Payroll"] },
            };
            BackupSetFiles.Write(Path.GetDirectoryName(sandbox.Backup.ManifestPath)!, manifest);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.MigrateAsync(sandbox.Request()));

            Assert.Equal(MigrationErrorIds.NotVerified, error.ErrorId);
            Assert.Contains("Project 'Payroll'", error.Message, StringComparison.Ordinal);
            Assert.Equal(5, sandbox.Target.Estate.Machines.Count);
            Assert.Equal(StepOutcome.Failed, Assert.Single(sandbox.Session.Journal.Records).Outcome);
            Assert.Equal(MigrationSandbox.NewServerLicense, sandbox.Target.Estate.License.SerialNumber);
        }

        [Fact]
        public async Task The_shown_command_lines_carry_the_mask_and_the_journal_the_command_line_as_shown()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();

            var plan = await sandbox.PlanAsync(sandbox.Request() with { NoOverwrite = true });

            var migrate = plan.Actions.Single(a => a.Key == InvokeOctopusMigrationStep.MigrateAction);
            Assert.Contains("--master-key=" + Secret.Mask, migrate.Description, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(sandbox.Target.InstallPath, MigratorCommandLine.Executable), migrate.Description, StringComparison.Ordinal);
            Assert.Contains("--nooverwrite", migrate.Description, StringComparison.Ordinal);
            var license = plan.Actions.Single(a => a.Key == InvokeOctopusMigrationStep.LicenseAction);
            Assert.Contains("license --console --instance OctopusServer --licenseFile=", license.Description, StringComparison.Ordinal);
            Assert.All(plan.Actions, a => Assert.DoesNotContain(sandbox.MasterKey, a.Description, StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_server_still_on_26_is_refused_before_anything_runs()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            using var journal = new TempFolder();
            var onLegacy = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = sandbox.Legacy.Server.ServerUrl.ToString(),
                    ApiKey = new Secret(sandbox.Legacy.Server.ApiKey),
                    InstallPath = sandbox.Legacy.Server.InstallPath,
                    JournalPath = journal.Combine("journal.json"),
                },
                TimeProvider.System);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() =>
                new StepRunner(onLegacy, sandbox.Reporter).PlanAsync(new InvokeOctopusMigrationStep(), sandbox.Request(), CancellationToken.None));

            Assert.Equal(MigrationErrorIds.ServerIsLegacy, error.ErrorId);
        }

        [Fact]
        public async Task A_backup_over_500_MB_warns_about_memory_and_a_foreign_manifest_beside_it_only_warns()
        {
            await using var sandbox = await MigrationSandbox.StartAsync();
            using var folder = new TempFolder();
            var large = folder.Combine("large.octobak");
            using (var file = File.Create(large))
            {
                file.SetLength(600L * 1024 * 1024);
            }

            File.WriteAllText(folder.Combine(BackupManifest.FileName), "{ not a manifest");

            var plan = await sandbox.PlanAsync(new MigrationRequest(large) { MasterKey = new Secret(sandbox.MasterKey) });

            Assert.Null(plan.Detail.Expected);
            Assert.Contains(sandbox.Reporter.Warnings, w => w.Contains("at least 16 GB of memory", StringComparison.Ordinal));
            Assert.Contains(sandbox.Reporter.Warnings, w => w.Contains(BackupManifest.FileName, StringComparison.Ordinal));
        }

        private static void AssertMasterKeyNowhere(MigrationSandbox sandbox)
        {
            Assert.DoesNotContain(sandbox.MasterKey, sandbox.Reporter.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(sandbox.MasterKey, string.Join("\n", sandbox.Reporter.Errors.Select(e => e.Message)), StringComparison.Ordinal);
            Assert.DoesNotContain(sandbox.MasterKey, File.ReadAllText(sandbox.Session.Journal.Path), StringComparison.Ordinal);
            Assert.Contains(sandbox.Reporter.Verboses, v => v.Contains("--master-key=" + Secret.Mask, StringComparison.Ordinal));
        }
    }
}
