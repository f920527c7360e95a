using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>
    /// The stand-in Octopus.Server.exe as a runbook or scheduled task runs it: without <c>--console</c> it becomes a service
    /// host, prints .NET's refusal and changes nothing; with it, the command runs.
    /// </summary>
    public sealed class NonInteractiveCallerTests
    {
        private const string ServiceHostText = "Cannot start service from the command line or a debugger.";

        [Theory]
        [InlineData(1)]
        [InlineData(0)]
        public async Task Without_console_a_call_becomes_a_service_host_and_changes_nothing(int exitCode)
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", estate =>
            {
                estate.CallerIsInteractive = false;
                estate.Assumptions.ServiceHostExitCode = exitCode;
            });
            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");

            var stop = await ChildProcess.RunAsync(tool, "service", "--stop", "--instance", "OctopusServer");

            Assert.Equal(exitCode, stop.ExitCode);
            Assert.StartsWith(ServiceHostText, stop.Output, StringComparison.Ordinal);
            Assert.Equal(ServiceState.Running, sandbox.Estate.Service.State);
        }

        [Fact]
        public async Task With_console_the_command_runs_for_a_non_interactive_caller()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", estate => estate.CallerIsInteractive = false);
            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");

            var restart = await ChildProcess.RunAsync(tool, "service", "--console", "--restart", "--instance", "OctopusServer");

            Assert.Equal(0, restart.ExitCode);
            Assert.DoesNotContain(ServiceHostText, restart.Output, StringComparison.Ordinal);
            Assert.Equal(1, sandbox.Estate.Service.Starts);
        }

        [Fact]
        public async Task An_interactive_caller_needs_no_console_switch()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");

            var restart = await ChildProcess.RunAsync(tool, "service", "--restart", "--instance", "OctopusServer");

            Assert.Equal(0, restart.ExitCode);
            Assert.Equal(1, sandbox.Estate.Service.Starts);
        }

        [Fact]
        public async Task The_control_endpoint_switches_the_caller()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");

            using var switched = await sandbox.Post("/sandbox/caller?interactive=false", new JsonObject());
            switched.EnsureSuccessStatusCode();
            var version = await ChildProcess.RunAsync(tool, "version");

            Assert.False(sandbox.Estate.CallerIsInteractive);
            Assert.StartsWith(ServiceHostText, version.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("2019.7.12", version.Output, StringComparison.Ordinal);
        }
    }
}
