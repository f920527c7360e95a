using System;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Server
{
    /// <summary>
    /// Octopus.Server.exe run as a runbook or scheduled task runs it (the sandbox's stand-in without an interactive
    /// user): the engine's command line works, and the same line without <c>--console</c> is caught as doing nothing,
    /// also when the executable exits 0.
    /// </summary>
    public sealed class NonInteractiveCallerTests
    {
        private readonly RecordingReporter _reporter = new();

        [Fact]
        public async Task The_restart_the_engine_builds_runs_for_a_caller_that_is_not_interactive()
        {
            await using var sandbox = await Start(serviceHostExitCode: 1);

            await new OctopusToolRunner(_reporter).RunAsync(
                OctopusServerCommandLine.ExecutablePath(sandbox.InstallPath), OctopusServerCommandLine.RestartService(sandbox.Estate.InstanceName));

            Assert.Equal(1, sandbox.Estate.Service.Starts);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(0)]
        public async Task Without_the_console_switch_the_restart_is_an_error_and_nothing_changed(int serviceHostExitCode)
        {
            await using var sandbox = await Start(serviceHostExitCode);
            var withoutConsole = OctopusServerCommandLine.RestartService(sandbox.Estate.InstanceName).Where(a => a != OctopusServerCommandLine.ConsoleSwitch).ToArray();

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new OctopusToolRunner(_reporter).RunAsync(OctopusServerCommandLine.ExecutablePath(sandbox.InstallPath), withoutConsole));

            Assert.Equal((OctopusToolErrorIds.RanAsService, FailureCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("--console", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, sandbox.Estate.Service.Starts);
        }

        private static async Task<SandboxServer> Start(int serviceHostExitCode)
        {
            var estate = EstateDescription.ForVersion("2019.7.12");
            estate.TimeScale = 500;
            estate.CallerIsInteractive = false;
            estate.Assumptions.ServiceHostExitCode = serviceHostExitCode;
            return await SandboxServer.StartAsync(estate);
        }
    }
}
