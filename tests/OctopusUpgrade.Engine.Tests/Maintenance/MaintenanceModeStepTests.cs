using System;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Maintenance;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Maintenance
{
    /// <summary>Enable-/Disable-MaintenanceMode against the in-process sandbox, every wait on the fake clock.</summary>
    public sealed class MaintenanceModeStepTests
    {
        private static readonly MaintenanceModeStep Enable = new(turnOn: true);
        private static readonly MaintenanceModeStep Disable = new(turnOn: false);

        [Theory]
        [InlineData(EstatePresets.V3)]
        [InlineData(EstatePresets.V2019)]
        [InlineData(EstatePresets.Current)]
        public async Task Enabling_turns_it_on_reads_it_back_and_records_the_state_found(string version)
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(version));

            var outcome = await s.RunAsync(Enable, new MaintenanceModeRequest());

            Assert.Equal((false, true), (outcome.WasInMaintenanceMode, outcome.IsInMaintenanceMode));
            Assert.True(s.Sandbox.Estate.IsInMaintenanceMode);
            Assert.False(s.Session.Facts.MaintenanceModeAsFound);
            var record = s.Session.Journal.Records.Last();
            Assert.Equal((MaintenanceModeStep.EnableStepName, StepOutcome.Succeeded), (record.Step, record.Outcome));
            Assert.Equal(new[] { "Turned maintenance mode on" }, record.Changes);
            Assert.Contains(s.Reporter.Progresses, p => p.ActivityId == MaintenanceModeStep.ActivityId && p.Completed);
        }

        [Fact]
        public async Task Planning_lists_the_api_call_and_changes_nothing()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.V2019));

            var plan = await s.Runner.PlanAsync(Enable, new MaintenanceModeRequest { WaitForTasks = true, CancelRemainingTasks = true }, default);

            Assert.Equal(new[] { MaintenanceModeStep.SwitchAction, MaintenanceModeStep.WaitAction, MaintenanceModeStep.CancelAction }, plan.Actions.Select(a => a.Key));
            Assert.Contains("PUT /api/maintenanceconfiguration", plan.Actions[0].Description);
            Assert.Contains("GET /api/tasks", plan.Actions[1].Description);
            Assert.Equal((ActionImpact.High, true), (plan.Actions[2].Impact, plan.Actions[2].Optional));
            Assert.False(s.Sandbox.Estate.IsInMaintenanceMode);
        }

        [Fact]
        public async Task Maintenance_already_on_stays_on_and_disabling_leaves_it_on_unless_forced()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            estate.IsInMaintenanceMode = true;
            await using var s = await SandboxSession.StartAsync(estate);

            var plan = await s.Runner.PlanAsync(Enable, new MaintenanceModeRequest(), default);
            var enabled = await s.RunAsync(Enable, new MaintenanceModeRequest());
            var leftOn = await s.RunAsync(Disable, new MaintenanceModeRequest());

            Assert.Empty(plan.Actions);
            Assert.Equal((true, true), (enabled.WasInMaintenanceMode, enabled.IsInMaintenanceMode));
            Assert.True(s.Session.Facts.MaintenanceModeAsFound);
            Assert.True(leftOn.IsInMaintenanceMode);
            Assert.True(s.Sandbox.Estate.IsInMaintenanceMode);
            Assert.Contains(s.Reporter.Warnings, w => w.Contains("-Force", StringComparison.Ordinal));
            Assert.All(s.Session.Journal.Records, r => Assert.Empty(r.Changes));

            var forced = await s.RunAsync(Disable, new MaintenanceModeRequest { Force = true });

            Assert.False(forced.IsInMaintenanceMode);
            Assert.False(s.Sandbox.Estate.IsInMaintenanceMode);
        }

        [Fact]
        public async Task Disabling_after_a_run_that_found_it_off_turns_it_off()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.Current));

            await s.RunAsync(Enable, new MaintenanceModeRequest());
            var disabled = await s.RunAsync(Disable, new MaintenanceModeRequest());

            Assert.Equal((true, false), (disabled.WasInMaintenanceMode, disabled.IsInMaintenanceMode));
            Assert.False(s.Sandbox.Estate.IsInMaintenanceMode);
        }

        public static TheoryData<double, int, bool, int, int> Drains => new()
        {
            // deployment seconds, timeout seconds, cancel, tasks still running, tasks cancelled
            { 120, 1800, false, 0, 0 },
            { 36000, 60, false, 2, 0 },
            { 36000, 60, true, 0, 2 },
        };

        [Theory]
        [MemberData(nameof(Drains))]
        public async Task Waiting_for_long_running_tasks_drains_times_out_or_cancels(double deploymentSeconds, int timeoutSeconds, bool cancel, int stillRunning, int cancelled)
        {
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            estate.Durations.DeploymentSeconds = deploymentSeconds;
            estate.Nodes = [new NodeDescription { Name = "OCTOPUS01", RunningTasks = 2 }];
            await using var s = await SandboxSession.StartAsync(estate);
            var request = new MaintenanceModeRequest { WaitForTasks = true, Timeout = TimeSpan.FromSeconds(timeoutSeconds), CancelRemainingTasks = cancel };

            var outcome = await s.RunAsync(Enable, request);

            var drain = outcome.Drain!;
            Assert.Equal(2, drain.TasksWaitedFor);
            Assert.Equal(stillRunning, drain.StillRunning.Count);
            Assert.Equal(cancelled, drain.CancelledTaskIds.Count);
            Assert.Equal(stillRunning, s.Sandbox.Estate.Tasks.Count(t => !t.IsCompleted));
            Assert.Equal(stillRunning > 0 ? 1 : 0, s.Reporter.Errors.Count(e => e.ErrorId == MaintenanceErrorIds.TasksStillRunning));
            var waited = s.Session.Journal.Records.Last();
            Assert.Equal(stillRunning > 0 ? StepOutcome.Failed : StepOutcome.Succeeded, waited.Outcome);
            Assert.Contains(s.Reporter.Progresses, p => p.ActivityId == TaskDrain.ActivityId && p.ParentActivityId == MaintenanceModeStep.ActivityId && p.Completed);
        }

        [Fact]
        public async Task A_503_burst_and_a_dropped_connection_mid_wait_are_retried()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            estate.Durations.DeploymentSeconds = 300;
            estate.Nodes = [new NodeDescription { Name = "OCTOPUS01", RunningTasks = 1 }];
            await using var s = await SandboxSession.StartAsync(estate);
            var request = new MaintenanceModeRequest { WaitForTasks = true };
            var plan = await s.Runner.PlanAsync(Enable, request, default);
            s.Sandbox.Faults.FailNext("/api/tasks", 503, 3);
            s.Sandbox.Faults.DropNext("/api/tasks", 1);

            var outcome = (await s.Runner.ExecuteAsync(Enable, request, plan, StepConfirmation.All(plan.Actions), default)).Result;

            Assert.Empty(outcome.Drain!.StillRunning);
            Assert.Empty(s.Reporter.Errors);
            Assert.All(s.Sandbox.Estate.Tasks, t => Assert.True(t.IsCompleted));
        }

        [Fact]
        public async Task A_named_node_is_drained_through_its_node_resource_and_an_unknown_one_is_refused()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.Current);
            estate.Nodes = [new NodeDescription { Name = "OCTOPUS01" }, new NodeDescription { Name = "OCTOPUS02", RunningTasks = 1 }];
            await using var s = await SandboxSession.StartAsync(estate);

            var outcome = await s.RunAsync(Enable, new MaintenanceModeRequest { Nodes = ["octopus02"], WaitForTasks = true });
            var unknown = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Enable, new MaintenanceModeRequest { Nodes = ["OCTOPUS09"] }));

            Assert.Equal(new[] { "OCTOPUS02" }, outcome.NodesChanged);
            Assert.Equal(1, outcome.Drain!.TasksWaitedFor);
            Assert.Equal(new[] { false, true }, s.Sandbox.Estate.Nodes.OrderBy(n => n.Name).Select(n => n.IsInMaintenanceMode));
            Assert.False(s.Sandbox.Estate.IsInMaintenanceMode);
            Assert.Equal(MaintenanceErrorIds.NodeNotFound, unknown.ErrorId);
        }

        [Fact]
        public async Task A_26_server_without_the_switch_says_what_to_do_by_hand_and_warns_about_admin_tasks()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.Legacy26));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Enable, new MaintenanceModeRequest { WaitForTasks = true }));

            Assert.Equal(MaintenanceErrorIds.NotAvailable, error.ErrorId);
            Assert.Contains("Configuration, Maintenance", error.Message);
            Assert.Contains(s.Reporter.Warnings, w => w.Contains("Invoke-HydraUpgrade", StringComparison.Ordinal));
            Assert.False(s.Sandbox.Estate.IsInMaintenanceMode);
            Assert.DoesNotContain(s.Sandbox.ApiKey, s.Reporter.AllText);
        }
    }
}
