using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The Octopus.Migrator.exe stand-in importing a 2.6 backup into a new estate, and Octopus.Server.exe license.</summary>
    public sealed class MigratorTests
    {
        private const string NewLicense = "2-NEW-INSTALL-TRIAL";

        [Fact]
        public async Task Migrate_imports_environments_machines_projects_and_logs_but_not_the_license()
        {
            await using var legacy = await Legacy();
            await using var target = await Target();
            var backup = await Backup(legacy);

            var (exitCode, output, error) = await Migrate(target, "--file=" + backup, "--master-key=" + legacy.Estate.MasterKey);

            Assert.True(exitCode == 0, error);
            Assert.Contains("Migration completed", output, StringComparison.Ordinal);
            Assert.DoesNotContain(legacy.Estate.MasterKey, output + error, StringComparison.Ordinal);
            Assert.Equal(Names(legacy.Estate.Environments.Select(e => e.Name)), Names((await target.GetJson("/api/environments/all")).AsArray().Select(e => e!["Name"]!.GetValue<string>())));
            Assert.Equal(Names(legacy.Estate.Machines.Select(m => m.Name)), Names(target.Estate.Machines.Select(m => m.Name)));
            Assert.Equal(["Acme Web", "Hydra"], Names((await target.GetJson("/api/projects/all")).AsArray().Select(p => p!["Name"]!.GetValue<string>())));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(target.Server.HomePath, "TaskLogs")));
            Assert.Equal(NewLicense, (await target.GetJson("/api/licenses/licenses-current"))["SerialNumber"]!.GetValue<string>());
        }

        [Fact]
        public async Task A_wrong_master_key_fails_and_imports_nothing()
        {
            await using var legacy = await Legacy();
            await using var target = await Target();
            var backup = await Backup(legacy);

            var (exitCode, _, error) = await Migrate(target, "--file=" + backup, "--master-key=" + Convert.ToBase64String(new byte[16]));

            Assert.Equal(1, exitCode);
            Assert.Contains("master key", error, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(target.Estate.Machines);
            Assert.Empty(target.Estate.Environments);
        }

        [Fact]
        public async Task Dry_run_reads_the_backup_and_imports_nothing()
        {
            await using var legacy = await Legacy();
            await using var target = await Target();
            var backup = await Backup(legacy);

            var (exitCode, output, _) = await Migrate(target, "--file=" + backup, "--master-key=" + legacy.Estate.MasterKey, "--dry-run");

            Assert.Equal(0, exitCode);
            Assert.Contains("Found 5 Machines", output, StringComparison.Ordinal);
            Assert.Contains("Dry run", output, StringComparison.Ordinal);
            Assert.Empty(target.Estate.Machines);
        }

        [Fact]
        public async Task Maxage_drops_task_logs_older_than_the_days_given()
        {
            await using var legacy = await Legacy();
            await using var target = await Target(new LaterClock(TimeSpan.FromDays(2)));
            var backup = await Backup(legacy);
            var logs = Path.Combine(target.Server.HomePath, "TaskLogs");

            var (exitCode, output, _) = await Migrate(target, "--file=" + backup, "--master-key=" + legacy.Estate.MasterKey, "--maxage=3", "--dry-run");
            Assert.Equal(0, exitCode);
            Assert.Contains("Ignoring 0 task log(s) older than 3 days", output, StringComparison.Ordinal);
            Assert.Contains("Found 1 TaskLogs", output, StringComparison.Ordinal);

            (exitCode, output, _) = await Migrate(target, "--file=" + backup, "--master-key=" + legacy.Estate.MasterKey, "--maxage=1");

            Assert.Equal(0, exitCode);
            Assert.Contains("Ignoring 1 task log(s) older than 1 days", output, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(logs));
            Assert.Equal(5, target.Estate.Machines.Count);
        }

        [Theory]
        [InlineData("--nologs", "--onlylogs")]
        [InlineData("--maxage=0")]
        [InlineData("--instance=Other")]
        public async Task Bad_options_fail_before_reading_the_backup(params string[] options)
        {
            await using var legacy = await Legacy();
            await using var target = await Target();
            var backup = await Backup(legacy);

            var (exitCode, output, error) = await Migrate(target, ["--file=" + backup, "--master-key=" + legacy.Estate.MasterKey, .. options]);

            Assert.Equal(1, exitCode);
            Assert.NotEmpty(error);
            Assert.DoesNotContain("Reading", output, StringComparison.Ordinal);
            Assert.Empty(target.Estate.Machines);
        }

        [Fact]
        public async Task License_file_changes_the_license_the_api_reports()
        {
            await using var target = await Target();
            var file = Path.Combine(target.Server.HomePath, "License.xml");
            await File.WriteAllTextAsync(file, "<License Signature=\"x\"><LicensedTo>Acme</LicensedTo><SerialNumber>1-ACME-2015</SerialNumber></License>");

            var (exitCode, output, _) = await ChildProcess.RunAsync(Path.Combine(target.Server.InstallPath, "Octopus.Server.exe"), "license", "--console", "--instance=OctopusServer", "--licenseFile=" + file);

            Assert.Equal(0, exitCode);
            Assert.Contains("License key imported", output, StringComparison.Ordinal);
            Assert.Equal("1-ACME-2015", (await target.GetJson("/api/licenses/licenses-current"))["SerialNumber"]!.GetValue<string>());
        }

        private static Task<TestSandbox> Legacy() =>
            TestSandbox.StartAsync("2.6.5.1010", d => d.Projects = ["Hydra", "Acme Web"]);

        private static Task<TestSandbox> Target(TimeProvider? clock = null) =>
            TestSandbox.StartAsync(
                "2018.10.0",
                d =>
                {
                    d.Environments = [];
                    d.Machines = [];
                    d.License.SerialNumber = NewLicense;
                },
                clock);

        private static async Task<string> Backup(TestSandbox legacy)
        {
            await legacy.WaitForTask(await legacy.CreateTask("Health"));
            await legacy.WaitForTask(await legacy.CreateTask("Backup"));
            return Directory.GetFiles(Path.Combine(legacy.Server.HomePath, "Backup"), "*.octobak").Single();
        }

        private static Task<(int ExitCode, string Output, string Error)> Migrate(TestSandbox target, params string[] options) =>
            ChildProcess.RunAsync(Path.Combine(target.Server.InstallPath, "Octopus.Migrator.exe"), ["migrate", "--console", .. options, "--instance=OctopusServer"]);

        /// <summary>The system clock, some days ahead: the new server runs later than the backup was made.</summary>
        private sealed class LaterClock(TimeSpan ahead) : TimeProvider
        {
            public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
        }

        private static string[] Names(System.Collections.Generic.IEnumerable<string> names) => names.Order(StringComparer.Ordinal).ToArray();
    }
}
