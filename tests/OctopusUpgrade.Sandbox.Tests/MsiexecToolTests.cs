using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The msiexec stand-in in each node's install folder: installs a sandbox MSI on its node, logs verbosely, exits with Windows Installer's codes.</summary>
    public sealed class MsiexecToolTests : IDisposable
    {
        private const string Old = "2023.1.9000";
        private const string New = "2024.1.5000";
        private readonly string _folder = Directory.CreateTempSubdirectory("msiexec-tests-").FullName;

        [Fact]
        public async Task Installing_on_a_stopped_node_changes_only_that_nodes_version_and_logs_success()
        {
            await using var sandbox = await TwoNodes();
            sandbox.Estate.GetNode("NODE2").Service.Stop();

            var (exitCode, log) = await Install(sandbox, "NODE2");

            Assert.Equal(0, exitCode);
            Assert.Equal((Old, New), (sandbox.Estate.GetNode("NODE1").Version, sandbox.Estate.GetNode("NODE2").Version));
            Assert.Contains("Product: Octopus Deploy Server -- Installation completed successfully.", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Return value 3.", log, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Installing_while_the_nodes_service_runs_fails_with_1603_and_the_failing_action_in_the_log()
        {
            await using var sandbox = await TwoNodes();

            var (exitCode, log) = await Install(sandbox, "NODE1");

            Assert.Equal(LowByte(1603), exitCode);
            Assert.Equal(Old, sandbox.Estate.GetNode("NODE1").Version);
            Assert.Contains("Return value 3.", log, StringComparison.Ordinal);
            Assert.Contains("running", log, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(1603, Old, true)]
        [InlineData(1618, Old, false)]
        [InlineData(1638, Old, false)]
        [InlineData(3010, New, false)]
        public async Task An_exit_code_chosen_through_the_control_api_ends_the_run_and_installs_only_on_success(int code, string installed, bool failedActionLogged)
        {
            await using var sandbox = await TwoNodes();
            sandbox.Estate.GetNode("NODE1").Service.Stop();
            using var fault = await sandbox.Post("sandbox/faults/msiexec?exitCode=" + code, new JsonObject());
            fault.EnsureSuccessStatusCode();

            var (exitCode, log) = await Install(sandbox, "NODE1");

            Assert.Equal(LowByte(code), exitCode);
            Assert.Equal(installed, sandbox.Estate.GetNode("NODE1").Version);
            Assert.Equal(failedActionLogged, log.Contains("Return value 3.", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_run_that_installs_nothing_still_exits_0()
        {
            await using var sandbox = await TwoNodes();
            sandbox.Estate.GetNode("NODE1").Service.Stop();
            using var fault = await sandbox.Post("sandbox/faults/msiexec?exitCode=0&installs=false", new JsonObject());
            fault.EnsureSuccessStatusCode();

            var (exitCode, _) = await Install(sandbox, "NODE1");

            Assert.Equal((0, Old), (exitCode, sandbox.Estate.GetNode("NODE1").Version));
        }

        [Theory]
        [InlineData("absent.msi", null, 1619)]
        [InlineData("notes.msi", "not a package", 1620)]
        [InlineData("json.msi", "{\"ProductName\":\"Octopus Deploy Server\",\"ProductVersion\":\"2024.1.5000\"}", 1620)]
        public async Task A_file_that_is_not_a_package_the_sandbox_wrote_fails_as_msiexec_does_and_changes_nothing(string name, string? content, int code)
        {
            await using var sandbox = await TwoNodes();
            sandbox.Estate.GetNode("NODE1").Service.Stop();
            var notMsi = Path.Combine(_folder, name);
            if (content is not null)
            {
                await File.WriteAllTextAsync(notMsi, content);
            }

            var log = Path.Combine(_folder, "install.log");

            var run = await ChildProcess.RunAsync(Msiexec(sandbox, "NODE1"), "/i", notMsi, "/quiet", "/norestart", "RUNMANAGERONEXIT=no", "/l*v", log);

            Assert.Equal((LowByte(code), Old), (run.ExitCode, sandbox.Estate.GetNode("NODE1").Version));
            Assert.Contains("MainEngineThread is returning " + code, await File.ReadAllTextAsync(log), StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_older_package_is_refused_over_a_newer_install_with_1603_until_the_newer_one_is_uninstalled()
        {
            await using var sandbox = await TwoNodes();
            sandbox.Estate.GetNode("NODE1").Service.Stop();
            var (installed, _) = await Install(sandbox, "NODE1");
            var older = SandboxMsi.Write(Path.Combine(_folder, "Octopus." + Old + "-x64.msi"), Old);
            var newer = Path.Combine(_folder, "Octopus." + New + "-x64.msi");
            var log = Path.Combine(_folder, "rollback.log");

            var refused = await ChildProcess.RunAsync(Msiexec(sandbox, "NODE1"), "/i", older, "/quiet", "/norestart", "RUNMANAGERONEXIT=no", "/l*v", log);
            var refusedLog = await File.ReadAllTextAsync(log);
            var removed = await ChildProcess.RunAsync(Msiexec(sandbox, "NODE1"), "/x", newer, "/quiet", "/norestart", "/l*v", log);
            var reinstalled = await ChildProcess.RunAsync(Msiexec(sandbox, "NODE1"), "/i", older, "/quiet", "/norestart", "RUNMANAGERONEXIT=no", "/l*v", log);

            Assert.Equal((0, LowByte(1603), 0, 0), (installed, refused.ExitCode, removed.ExitCode, reinstalled.ExitCode));
            Assert.Contains("A newer version of Octopus Deploy Server (" + New + ") is already installed", refusedLog, StringComparison.Ordinal);
            Assert.Contains("Return value 3.", refusedLog, StringComparison.Ordinal);
            Assert.Equal((Old, false), (sandbox.Estate.GetNode("NODE1").Version, sandbox.Estate.GetNode("NODE1").Uninstalled));
        }

        // The stand-in exits with Windows Installer's code; Linux keeps only its low 8 bits.
        private static int LowByte(int code) => OperatingSystem.IsWindows() ? code : code & 0xFF;

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private async Task<(int ExitCode, string Log)> Install(TestSandbox sandbox, string node)
        {
            var msi = SandboxMsi.Write(Path.Combine(_folder, "Octopus." + New + "-x64.msi"), New);
            var log = Path.Combine(_folder, "install " + node + ".log");
            var run = await ChildProcess.RunAsync(Msiexec(sandbox, node), "/i", msi, "/quiet", "/norestart", "RUNMANAGERONEXIT=no", "/l*v", log);
            return (run.ExitCode, await File.ReadAllTextAsync(log));
        }

        private static string Msiexec(TestSandbox sandbox, string node) => Path.Combine(sandbox.Server.NodeInstallPaths[node], "msiexec.exe");

        private static Task<TestSandbox> TwoNodes() =>
            TestSandbox.StartAsync(Old, d => d.Nodes = new[] { "NODE1", "NODE2" }.Select(n => new NodeDescription { Name = n }).ToList());
    }
}
