using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.DatabaseUpgrade;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Install;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Install
{
    /// <summary>Install-OctopusServer against the in-process sandbox: the node's Octopus.Server.exe and msiexec stand-ins.</summary>
    public sealed class InstallOctopusServerStepTests : IDisposable
    {
        private const string Old = "2023.1.9000";
        private const string New = "2024.1.5000";
        private const string Previous = "2019.7.9";
        private const string Current = "2020.6.4671";
        private const string Node = "OCTOPUS01";
        private static readonly InstallOctopusServerStep Install = new();
        private readonly TempFolder _folder = new();

        [Fact]
        public async Task Planning_reads_the_msi_version_shows_the_exact_command_lines_and_changes_nothing()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            var request = Request(s);

            var plan = await s.Runner.PlanAsync(Install, request, default);

            var folder = sandbox.Sandbox.NodeInstallPaths[Node];
            Assert.Equal(New, plan.Detail.MsiVersion.ToString());
            Assert.Equal(new[] { "OctopusServer" }, plan.Detail.Instances);
            Assert.Equal(new[] { InstallOctopusServerStep.StopAction, InstallOctopusServerStep.InstallAction }, plan.Actions.Select(a => a.Key));
            Assert.EndsWith(Path.Combine(folder, "Octopus.Server.exe") + " service --console --stop --instance OctopusServer", plan.Actions[0].Description, StringComparison.Ordinal);
            Assert.EndsWith($"{Path.Combine(folder, "msiexec.exe")} /i {request.MsiPath} /quiet /norestart RUNMANAGERONEXIT=no /l*v {request.LogPath}", plan.Actions[1].Description, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(folder, "Octopus.Server.exe") + " version --console --format=json", plan.Actions[1].Description, StringComparison.Ordinal);
            Assert.All(plan.Actions, a => Assert.Equal(ActionImpact.High, a.Impact));
            Assert.Equal((ServiceState.Running, Old), (sandbox.Sandbox.Estate.GetNode(Node).Service.State, sandbox.Sandbox.Estate.GetNode(Node).Version));
            Assert.False(File.Exists(request.LogPath));
        }

        [Fact]
        public async Task Installing_stops_the_service_runs_msiexec_and_the_version_is_confirmed_by_the_tool_and_by_the_api_after_start()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);

            var outcome = await s.RunAsync(Install, Request(s));

            Assert.Equal((New, false, 0), (outcome.InstalledVersion.ToString(), outcome.RebootRequired, outcome.ExitCode));
            Assert.Equal(new[] { "OctopusServer" }, outcome.StoppedInstances);
            Assert.Equal((ServiceState.Stopped, New), (sandbox.Sandbox.Estate.GetNode(Node).Service.State, sandbox.Sandbox.Estate.GetNode(Node).Version));
            Assert.Contains("Installation completed successfully", await File.ReadAllTextAsync(outcome.LogPath), StringComparison.Ordinal);
            Assert.Equal(
                new[] { ("Install-OctopusServer stop", StepOutcome.Succeeded), ("Install-OctopusServer", StepOutcome.Succeeded) },
                s.Session.Journal.Records.Where(r => r.Step.StartsWith(InstallOctopusServerStep.StepName, StringComparison.Ordinal)).Select(r => (r.Step, r.Outcome)));

            Assert.True((await s.RunAsync(new UpdateOctopusDatabaseStep(), new UpdateOctopusDatabaseRequest())).Verified);
            var started = await s.RunAsync(new StartOctopusServerNodeStep(), new ServerNodeRequest { Timeout = TimeSpan.FromMinutes(5) });
            Assert.Equal(New, started.Version!.ToString());
            using var client = OctopusUpgrade.Engine.Api.SessionApiClients.For(s.Session, s.Reporter, s.Clock);
            Assert.Equal(New, (await client.GetRootAsync()).Version?.ToString());
        }

        [Theory]
        [InlineData(1603, InstallErrorIds.Failed, "Return value 3.")]
        [InlineData(1618, InstallErrorIds.AnotherInstallRunning, "ERROR_INSTALL_ALREADY_RUNNING")]
        [InlineData(1638, InstallErrorIds.AnotherVersionInstalled, "ERROR_PRODUCT_VERSION")]
        [InlineData(1620, InstallErrorIds.ExitCode, "ERROR_INSTALL_PACKAGE_INVALID")]
        public async Task A_failing_msiexec_exit_code_is_explained_and_nothing_is_installed(int exitCode, string errorId, string explained)
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            sandbox.Sandbox.Faults.Msiexec = new MsiexecFault(exitCode, Installs: false);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Install, Request(s)));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains("exited with " + exitCode, error.Message, StringComparison.Ordinal);
            Assert.Contains(explained, error.Message, StringComparison.Ordinal);
            Assert.Equal(Old, sandbox.Sandbox.Estate.GetNode(Node).Version);
            Assert.Contains(s.Session.Journal.Records, r => r.Step == InstallOctopusServerStep.StepName && r.Outcome == StepOutcome.Failed);
        }

        [Fact]
        public async Task Exit_code_3010_is_a_success_that_flags_the_reboot()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            sandbox.Sandbox.Faults.Msiexec = new MsiexecFault(MsiExitCode.RebootRequired, Installs: true);

            var outcome = await s.RunAsync(Install, Request(s));

            Assert.Equal((true, MsiExitCode.RebootRequired, New), (outcome.RebootRequired, outcome.ExitCode, outcome.InstalledVersion.ToString()));
        }

        [Fact]
        public async Task A_missing_msi_is_refused_before_anything_stops()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            var request = Request(s);
            var plan = await s.Runner.PlanAsync(Install, request, default);
            File.Delete(request.MsiPath);

            var atPlan = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.Runner.PlanAsync(Install, request, default));
            var atExecute = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.Runner.ExecuteAsync(Install, request, plan, StepConfirmation.All(plan.Actions), default));

            Assert.Equal((InstallErrorIds.MsiNotFound, InstallErrorIds.MsiNotFound), (atPlan.ErrorId, atExecute.ErrorId));
            Assert.Equal((ServiceState.Running, Old), (sandbox.Sandbox.Estate.GetNode(Node).Service.State, sandbox.Sandbox.Estate.GetNode(Node).Version));
        }

        [Fact]
        public async Task A_missing_msiexec_is_refused_before_anything_stops()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            var request = Request(s) with { MsiexecPath = _folder.Combine("no-such-msiexec.exe") };

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Install, request));

            Assert.Equal(OctopusUpgrade.Engine.Server.OctopusToolErrorIds.NotFound, error.ErrorId);
            Assert.Equal((ServiceState.Running, Old), (sandbox.Sandbox.Estate.GetNode(Node).Service.State, sandbox.Sandbox.Estate.GetNode(Node).Version));
        }

        [Fact]
        public async Task An_msiexec_that_exits_0_but_installs_nothing_fails_the_version_check()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            sandbox.Sandbox.Faults.Msiexec = new MsiexecFault(MsiExitCode.Success, Installs: false);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Install, Request(s)));

            Assert.Equal(InstallErrorIds.VersionNotConfirmed, error.ErrorId);
            Assert.Contains($"reports {Old}, not the MSI's {New}", error.Message, StringComparison.Ordinal);
            Assert.Contains(s.Session.Journal.Records, r => r.Step == InstallOctopusServerStep.StepName && r.Outcome == StepOutcome.Failed);
        }

        [Fact]
        public async Task A_stop_that_exits_0_but_leaves_the_service_running_is_caught_from_outside_before_msiexec_runs()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            sandbox.Sandbox.Faults.ServiceStopIgnored = true;
            var request = Request(s);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Install, request));

            Assert.Equal(InstallErrorIds.InstanceNotStopped, error.ErrorId);
            Assert.Contains("still reports node", error.Message, StringComparison.Ordinal);
            Assert.Equal((ServiceState.Running, Old), (sandbox.Sandbox.Estate.GetNode(Node).Service.State, sandbox.Sandbox.Estate.GetNode(Node).Version));
            Assert.False(File.Exists(request.LogPath), "msiexec ran");
            Assert.Contains(s.Session.Journal.Records, r => r.Step == InstallOctopusServerStep.StepName + " stop" && r.Outcome == StepOutcome.Failed);
        }

        [Fact]
        public async Task Rolling_back_to_the_previous_msi_needs_the_installed_versions_msi_uninstalled_first()
        {
            var description = EstateDescription.ForVersion(Previous);
            description.Nodes = [new NodeDescription { Name = Node }];
            await using var sandbox = await SandboxSession.StartAsync(description);
            await using var s = sandbox.ForNode(Node);
            var node = sandbox.Sandbox.Estate.GetNode(Node);
            var previousMsi = SandboxMsi.Write(_folder.Combine("Octopus." + Previous + "-x64.msi"), Previous);
            var currentMsi = SandboxMsi.Write(_folder.Combine("Octopus." + Current + "-x64.msi"), Current);
            var upgraded = await s.RunAsync(Install, Request(s) with { MsiPath = currentMsi });
            var journalled = s.Session.Journal.Records.Count;

            var refused = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Install, Request(s) with { MsiPath = previousMsi }));
            var mismatch = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Install, Request(s) with { MsiPath = previousMsi, UninstallMsiPath = previousMsi }));
            var afterRefusals = (s.Session.Journal.Records.Count, node.Version);
            var rolledBack = await s.RunAsync(Install, Request(s) with { MsiPath = previousMsi, UninstallMsiPath = currentMsi });

            Assert.Equal(Current, upgraded.InstalledVersion.ToString());
            Assert.Equal(InstallErrorIds.DowngradeNeedsUninstall, refused.ErrorId);
            Assert.Contains($"older than the installed {Current}", refused.Message, StringComparison.Ordinal);
            Assert.Contains("-UninstallMsiPath", refused.Message, StringComparison.Ordinal);
            Assert.Equal(InstallErrorIds.UninstallMsiMismatch, mismatch.ErrorId);
            Assert.Equal((journalled, Current), afterRefusals);
            Assert.Equal((Previous, Current), (rolledBack.InstalledVersion.ToString(), rolledBack.UninstalledVersion?.ToString()));
            Assert.Equal((ServiceState.Stopped, Previous, false), (node.Service.State, node.Version, node.Uninstalled));
            Assert.Contains(s.Session.Journal.Records, r => r.Step == InstallOctopusServerStep.StepName + " uninstall" && r.Outcome == StepOutcome.Succeeded);
        }

        [Fact]
        public async Task Planning_a_rollback_shows_the_uninstall_between_the_stop_and_the_install()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode());
            await using var s = sandbox.ForNode(Node);
            var oldMsi = SandboxMsi.Write(_folder.Combine("Octopus." + Old + "-x64.msi"), Old);
            var request = Request(s) with { MsiPath = oldMsi, UninstallMsiPath = SandboxMsi.Write(_folder.Combine("Octopus." + Old + "-again.msi"), Old) };

            var plan = await s.Runner.PlanAsync(Install, request, default);

            Assert.Equal(new[] { InstallOctopusServerStep.StopAction, InstallOctopusServerStep.UninstallAction, InstallOctopusServerStep.InstallAction }, plan.Actions.Select(a => a.Key));
            Assert.EndsWith($"msiexec.exe /x {request.UninstallMsiPath} /quiet /norestart /l*v {plan.Detail.UninstallLogPath}", plan.Actions[1].Description, StringComparison.Ordinal);
        }

        public void Dispose() => _folder.Dispose();

        private InstallRequest Request(SandboxSession s) =>
            new(SandboxMsi.Write(_folder.Combine("Octopus." + New + "-x64.msi"), New))
            {
                LogPath = _folder.Combine("logs", "install.log"),
                MsiexecPath = Path.Combine(s.Session.InstallPath!, "msiexec.exe"),
                Timeout = TimeSpan.FromMinutes(5),
            };

        private static EstateDescription OneNode()
        {
            var description = EstateDescription.ForVersion(Old);
            description.Nodes = [new NodeDescription { Name = Node }];
            return description;
        }
    }
}
