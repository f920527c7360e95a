using System;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Tentacles
{
    /// <summary>Test-TentacleHealth against the in-process sandbox, every wait on the fake clock.</summary>
    public sealed class TentacleHealthStepTests
    {
        private static readonly TentacleHealthStep Step = new();

        public static TheoryData<string> Versions => new() { EstatePresets.Legacy26, EstatePresets.V3, EstatePresets.V2019, EstatePresets.Current };

        [Theory]
        [MemberData(nameof(Versions))]
        public async Task Every_Tentacle_starts_Unknown_and_is_reported_reachable_after_the_check(string version)
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(version));
            Assert.All(s.Sandbox.Estate.Machines, m => Assert.Equal("Unknown", m.Status));

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest { MinimumVersion = OctopusVersion.Parse(version.StartsWith("2.", StringComparison.Ordinal) ? "2.6.5" : "3.0") });

            var targets = s.Sandbox.Estate.Machines.Where(m => !m.IsWorker).ToList();
            Assert.Equal(targets.Select(m => m.Name).OrderBy(n => n), outcomes.Select(o => o.Machine.Name).OrderBy(n => n));
            Assert.All(outcomes, o => Assert.True(o.Passed, o.Machine.Name + ": " + o.Reason));
            Assert.All(outcomes, o => Assert.Equal((true, 1), (o.IsReachable, o.Attempts)));
            Assert.All(outcomes, o => Assert.Equal(OctopusVersion.Parse(targets.Single(m => m.Name == o.Machine.Name).TentacleVersion), o.TentacleVersion));
            Assert.All(outcomes, o => Assert.NotEmpty(o.Machine.Environments));
            Assert.Empty(s.Reporter.Errors);
            var health = Assert.Single(s.Sandbox.Estate.Tasks, t => t.Name == "Health");
            Assert.Equal(new[] { "Timeout" }, health.Arguments.Select(a => a.Key));
            Assert.Equal(StepOutcome.Succeeded, s.Session.Journal.Records.Last().Outcome);
        }

        [Fact]
        public async Task A_26_subset_is_checked_by_environment_with_only_the_arguments_26_knows()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.Legacy26));

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest { Environments = ["Prod*"] });

            Assert.Equal(new[] { "app01", "db01", "web03" }, outcomes.Select(o => o.Machine.Name).OrderBy(n => n));
            var health = Assert.Single(s.Sandbox.Estate.Tasks, t => t.Name == "Health");
            Assert.Equal(new[] { "EnvironmentId", "Timeout" }, health.Arguments.Select(a => a.Key).OrderBy(k => k));
            Assert.All(outcomes, o => Assert.Null(o.TentacleVersion));
        }

        [Fact]
        public async Task A_modern_subset_is_checked_by_machine_id()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.Current));

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest { MachineNames = ["web0?"] });

            Assert.Equal(3, outcomes.Count);
            var health = Assert.Single(s.Sandbox.Estate.Tasks, t => t.Name == "Health");
            Assert.Equal(3, health.Arguments["MachineIds"]!.AsArray().Count);
            Assert.Equal("Unknown", s.Sandbox.Estate.GetMachine("db01").HealthStatus);
        }

        [Fact]
        public async Task An_offline_machine_fails_after_its_retries_and_a_transient_one_passes_on_the_second_check()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.V2019));
            s.Sandbox.Estate.TakeMachineOffline("web01");
            s.Sandbox.Estate.TakeMachineOffline("web02");
            s.Reporter.OnVerbose = message =>
            {
                if (message.Contains("attempt 2", StringComparison.Ordinal))
                {
                    s.Sandbox.Estate.BringMachineOnline("web02");
                }
            };

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest { RetryCount = 2 });

            var web01 = outcomes.Single(o => o.Machine.Name == "web01");
            var web02 = outcomes.Single(o => o.Machine.Name == "web02");
            Assert.Equal((false, false, 3), (web01.Passed, web01.IsReachable, web01.Attempts));
            Assert.Equal((true, 2), (web02.Passed, web02.Attempts));
            var error = Assert.Single(s.Reporter.Errors);
            Assert.Equal((TentacleErrorIds.HealthExpectationFailed, "web01"), (error.ErrorId, error.Target as string));
            Assert.Equal(StepOutcome.Failed, s.Session.Journal.Records.Last().Outcome);
            Assert.Contains(s.Reporter.Progresses, p => p.ParentActivityId == TentacleHealthStep.ActivityId);
            Assert.Contains(s.Reporter.Progresses, p => p.ActivityId == TentacleHealthStep.ActivityId && p.Completed);
        }

        [Fact]
        public async Task A_disabled_machine_is_reported_with_its_reason_not_dropped()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            estate.Machines.Single(m => m.Name == "web03").IsDisabled = true;
            await using var s = await SandboxSession.StartAsync(estate);

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest());

            var web03 = outcomes.Single(o => o.Machine.Name == "web03");
            Assert.Equal((false, "Disabled"), (web03.Passed, web03.HealthStatus));
            Assert.Contains("Disabled", web03.Reason);
            Assert.Contains(s.Reporter.Warnings, w => w.Contains("web03", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(EstatePresets.Legacy26, "3.0.0")]
        [InlineData(EstatePresets.V2019, "9.0")]
        public async Task A_version_below_the_expected_minimum_fails_even_when_reachable(string version, string minimum)
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(version));

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest { MachineNames = ["web01"], MinimumVersion = OctopusVersion.Parse(minimum), RetryCount = 0 });

            var web01 = Assert.Single(outcomes);
            Assert.True(web01.IsReachable);
            Assert.False(web01.Passed);
            Assert.Contains("older than the expected " + minimum, web01.Reason);
        }

        [Fact]
        public async Task Expecting_unreachable_passes_for_Tentacles_the_26_server_can_no_longer_speak_to()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.Legacy26));
            s.Sandbox.Estate.Update(() => s.Sandbox.Estate.GetMachine("web01").TentacleVersion = "3.8.7");

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest { Expect = TentacleExpectation.Unreachable, MinimumVersion = OctopusVersion.Parse("3.0"), RetryCount = 0 });

            Assert.True(outcomes.Single(o => o.Machine.Name == "web01").Passed);
            Assert.Equal(OctopusVersion.Parse("3.8.7"), outcomes.Single(o => o.Machine.Name == "web01").TentacleVersion);
            Assert.All(outcomes.Where(o => o.Machine.Name != "web01"), o => Assert.Contains("still reaches it", o.Reason));
        }

        [Fact]
        public async Task Unknown_names_and_environments_are_clear_errors()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.V2019));

            var environment = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, new TentacleHealthRequest { Environments = ["Staging"] }));
            var none = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, new TentacleHealthRequest { MachineNames = ["nosuch"] }));

            Assert.Equal(TentacleErrorIds.EnvironmentNotFound, environment.ErrorId);
            Assert.Equal(TentacleErrorIds.NoMachinesSelected, none.ErrorId);
            Assert.Contains(s.Reporter.Errors, e => e.ErrorId == TentacleErrorIds.MachineNotFound);
            Assert.Empty(s.Sandbox.Estate.Tasks);
        }
    }
}
