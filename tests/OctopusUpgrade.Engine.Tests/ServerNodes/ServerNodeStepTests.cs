using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.DatabaseUpgrade;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.ServerNodes
{
    /// <summary>Stop-/Start-OctopusServerNode against the in-process sandbox, each node a machine with its own stand-in.</summary>
    public sealed class ServerNodeStepTests
    {
        private static readonly StopOctopusServerNodeStep Stop = new();
        private static readonly StartOctopusServerNodeStep Start = new();
        private static readonly ServerNodeRequest Request = new() { DrainWait = TimeSpan.FromMinutes(10), Timeout = TimeSpan.FromMinutes(5) };

        [Fact]
        public async Task Planning_shows_the_exact_command_lines_and_changes_nothing()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode(watchdogMinutes: 10));
            await using var s = sandbox.ForNode("OCTOPUS01");
            var exe = Path.Combine(sandbox.Sandbox.InstallPath, "Octopus.Server.exe");

            var plan = await s.Runner.PlanAsync(Stop, Request, default);

            Assert.Equal(new[] { StopOctopusServerNodeStep.DrainAction, StopOctopusServerNodeStep.DeleteWatchdogAction, StopOctopusServerNodeStep.StopAction }, plan.Actions.Select(a => a.Key));
            Assert.EndsWith(exe + " node --console --instance OctopusServer --drain=true --wait=600", plan.Actions[0].Description, StringComparison.Ordinal);
            Assert.EndsWith(exe + " watchdog --console --delete", plan.Actions[1].Description, StringComparison.Ordinal);
            Assert.EndsWith(exe + " service --console --stop --instance OctopusServer", plan.Actions[2].Description, StringComparison.Ordinal);
            Assert.Equal((ActionImpact.Medium, ActionImpact.High), (plan.Actions[0].Impact, plan.Actions[2].Impact));
            Assert.Equal(ServiceState.Running, sandbox.Sandbox.Estate.Service.State);
            Assert.NotNull(sandbox.Sandbox.Estate.GetNode("OCTOPUS01").Watchdog);
            Assert.DoesNotContain(sandbox.Sandbox.Estate.ConnectionString, sandbox.Reporter.AllText, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Stopping_drains_deletes_and_remembers_the_watchdog_and_stops_the_service()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode(watchdogMinutes: 10));
            await using var s = sandbox.ForNode("OCTOPUS01");

            var outcome = await s.RunAsync(Stop, Request);

            var node = sandbox.Sandbox.Estate.GetNode("OCTOPUS01");
            Assert.Equal((true, false), (outcome.IsDrained, outcome.IsRunning));
            Assert.True(node.IsInMaintenanceMode);
            Assert.Null(node.Watchdog);
            Assert.Equal(ServiceState.Stopped, node.Service.State);
            Assert.Equal(new ServerWatchdog("OctopusServer", 10), s.Session.Facts.RemovedWatchdog);
            Assert.Equal(
                new[] { ("Stop-OctopusServerNode drain", StepOutcome.Succeeded), ("Stop-OctopusServerNode watchdog", StepOutcome.Succeeded), ("Stop-OctopusServerNode", StepOutcome.Succeeded) },
                s.Session.Journal.Records.Where(r => r.Step.StartsWith(StopOctopusServerNodeStep.StepName, StringComparison.Ordinal)).Select(r => (r.Step, r.Outcome)));
            Assert.Contains(s.Reporter.Progresses, p => p.ActivityId == StopOctopusServerNodeStep.ActivityId && p.CurrentOperation == "Service stopped");
            Assert.DoesNotContain(sandbox.Sandbox.Estate.ConnectionString, s.Reporter.AllText, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Starting_waits_for_the_installed_version_resumes_the_node_and_recreates_the_watchdog()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode(watchdogMinutes: 10));
            await using var s = sandbox.ForNode("OCTOPUS01");
            await s.RunAsync(Stop, Request);

            var outcome = await s.RunAsync(Start, Request);

            var node = sandbox.Sandbox.Estate.GetNode("OCTOPUS01");
            Assert.Equal((true, false), (outcome.IsRunning, outcome.IsDrained));
            Assert.Equal(EstatePresets.Current, outcome.Version!.ToString());
            Assert.Equal(ServiceState.Running, node.Service.State);
            Assert.False(node.IsInMaintenanceMode);
            Assert.Equal(new WatchdogTask("OctopusServer", 10), node.Watchdog);
            Assert.Null(s.Session.Facts.RemovedWatchdog);
            Assert.All(s.Session.Journal.Records.Where(r => r.Step.StartsWith(StartOctopusServerNodeStep.StepName, StringComparison.Ordinal)), r => Assert.Equal(StepOutcome.Succeeded, r.Outcome));
        }

        [Fact]
        public async Task A_node_without_a_watchdog_is_stopped_and_started_without_one()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode(watchdogMinutes: null));
            await using var s = sandbox.ForNode("OCTOPUS01");

            var plan = await s.Runner.PlanAsync(Stop, Request, default);
            await s.RunAsync(Stop, Request);
            var startPlan = await s.Runner.PlanAsync(Start, Request, default);
            await s.RunAsync(Start, Request);

            Assert.DoesNotContain(plan.Actions, a => a.Key == StopOctopusServerNodeStep.DeleteWatchdogAction);
            Assert.DoesNotContain(startPlan.Actions, a => a.Key == StartOctopusServerNodeStep.CreateWatchdogAction);
            Assert.Null(sandbox.Sandbox.Estate.GetNode("OCTOPUS01").Watchdog);
        }

        [Fact]
        public async Task Without_an_install_folder_the_step_refuses_before_anything_runs()
        {
            await using var s = await SandboxSession.StartAsync(OneNode(watchdogMinutes: null));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.Runner.PlanAsync(Stop, Request, default));

            Assert.Equal(ServerNodeErrorIds.InstallPathUnknown, error.ErrorId);
            Assert.Equal(ServiceState.Running, s.Sandbox.Estate.Service.State);
        }

        [Fact]
        public async Task A_node_whose_binaries_are_newer_than_the_database_fails_to_start_and_says_why()
        {
            await using var sandbox = await SandboxSession.StartAsync(OneNode(watchdogMinutes: null));
            await using var s = sandbox.ForNode("OCTOPUS01");
            await s.RunAsync(Stop, Request);
            var node = sandbox.Sandbox.Estate.GetNode("OCTOPUS01");
            sandbox.Sandbox.Estate.Update(() => node.Version = "2025.1.1000");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Start, Request));

            Assert.Equal(OctopusToolErrorIds.Failed, error.ErrorId);
            Assert.Contains("database --upgrade", error.Message, StringComparison.Ordinal);
            Assert.Equal(ServiceState.Stopped, node.Service.State);
            Assert.Equal(StepOutcome.Failed, s.Session.Journal.Records.Last().Outcome);
        }

        [Fact]
        public async Task Three_nodes_are_drained_and_stopped_one_upgrades_the_database_and_all_start_at_the_same_version()
        {
            var description = EstateDescription.ForVersion("2023.1.9000");
            description.Nodes = new[] { "NODE1", "NODE2", "NODE3" }.Select(n => new NodeDescription { Name = n }).ToList();
            await using var sandbox = await SandboxSession.StartAsync(description);
            var nodes = new[] { sandbox.ForNode("NODE1"), sandbox.ForNode("NODE2"), sandbox.ForNode("NODE3") };
            try
            {
                foreach (var node in nodes)
                {
                    await node.RunAsync(Stop, Request);
                }

                Assert.All(sandbox.Sandbox.Estate.Nodes, n => Assert.Equal((ServiceState.Stopped, true), (n.Service.State, n.IsInMaintenanceMode)));

                // The MSI on every node (Install-OctopusServer's part), then the database upgraded once, from the first node.
                foreach (var node in sandbox.Sandbox.Estate.Nodes)
                {
                    sandbox.Sandbox.Estate.InstallOnNode(node.Name, "2024.1.5000");
                }

                var upgraded = await nodes[0].RunAsync(new UpdateOctopusDatabaseStep(), new UpdateOctopusDatabaseRequest());
                Assert.True(upgraded.Verified);
                foreach (var node in nodes)
                {
                    await node.RunAsync(Start, Request);
                }

                using var client = OctopusUpgrade.Engine.Api.SessionApiClients.For(sandbox.Session, sandbox.Reporter, sandbox.Clock);
                var summary = await client.Nodes.GetAllWithStateAsync();
                Assert.Equal(new[] { "NODE1", "NODE2", "NODE3" }, summary.Select(n => n.Name));
                Assert.All(summary, n => Assert.Equal(("2024.1.5000", false, false), (n.Version?.ToString(), n.IsOffline, n.IsInMaintenanceMode)));
                Assert.Equal("2024.1.5000", (await client.GetRootAsync()).Version?.ToString());
            }
            finally
            {
                foreach (var node in nodes)
                {
                    await node.DisposeAsync();
                }
            }
        }

        private static EstateDescription OneNode(int? watchdogMinutes)
        {
            var description = EstateDescription.ForVersion(EstatePresets.Current);
            description.Nodes = [new NodeDescription { Name = "OCTOPUS01", WatchdogIntervalMinutes = watchdogMinutes }];
            return description;
        }
    }
}
