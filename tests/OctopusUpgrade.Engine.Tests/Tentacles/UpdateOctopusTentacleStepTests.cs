using System;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Tentacles
{
    /// <summary>Update-OctopusTentacle against the in-process sandbox, every wait on the fake clock.</summary>
    public sealed class UpdateOctopusTentacleStepTests
    {
        private const string OldTentacle = "4.0.0";

        private static readonly UpdateOctopusTentacleStep Step = new();

        [Fact]
        public async Task Waves_over_200_machines_report_each_locked_offline_and_upgraded_machine_correctly()
        {
            var estate = Estate(200);
            var locked = new[] { "t003", "t050", "t101", "t150", "t199" };
            var offline = new[] { "t010", "t111", "t190" };
            foreach (var machine in estate.Machines.Where(m => locked.Contains(m.Name)))
            {
                machine.UpgradeLocked = true;
            }

            foreach (var machine in estate.Machines.Where(m => offline.Contains(m.Name)))
            {
                machine.IsOnline = false;
            }

            await using var s = await SandboxSession.StartAsync(estate);
            var bundled = OctopusVersion.Parse(s.Sandbox.Estate.BundledTentacleVersion);

            var outcomes = await s.RunAsync(Step, new TentacleUpgradeRequest { BatchSize = 50 });

            Assert.Equal(200, outcomes.Count);
            Assert.All(outcomes.Where(o => locked.Contains(o.Machine.Name)), o => Assert.Equal((false, true, 0), (o.Upgraded, o.Skipped, o.Wave)));
            Assert.All(outcomes.Where(o => locked.Contains(o.Machine.Name)), o => Assert.StartsWith("UpgradeLocked", o.Message, StringComparison.Ordinal));
            Assert.All(outcomes.Where(o => offline.Contains(o.Machine.Name)), o => Assert.Equal((false, false), (o.Upgraded, o.Skipped)));
            Assert.All(outcomes.Where(o => offline.Contains(o.Machine.Name)), o => Assert.Contains("could not reach", o.Message, StringComparison.Ordinal));
            var upgraded = outcomes.Where(o => o.Upgraded).ToList();
            Assert.Equal(192, upgraded.Count);
            Assert.All(upgraded, o => Assert.Equal((OctopusVersion.Parse(OldTentacle), bundled), (o.PreviousVersion!, o.TentacleVersion!)));
            Assert.Equal(offline.OrderBy(n => n), s.Reporter.Errors.Where(e => e.ErrorId == TentacleErrorIds.NotUpgraded).Select(e => (string)e.Target!).OrderBy(n => n));
            Assert.All(locked, name => Assert.Equal(OldTentacle, s.Sandbox.Estate.GetMachine(name).TentacleVersion));
            // Three environments of 65 or so eligible machines each, in waves of at most 50, never mixing environments.
            var waves = outcomes.Where(o => o.Wave > 0).GroupBy(o => o.Wave).ToList();
            Assert.All(waves, w => Assert.InRange(w.Count(), 1, 50));
            Assert.All(waves, w => Assert.Single(w.Select(o => o.Machine.Environments[0]).Distinct()));
            Assert.Equal(waves.Count, s.Sandbox.Estate.Tasks.Count(t => t.Name == "Upgrade"));
            var records = s.Session.Journal.Records.Where(r => r.Step.StartsWith(UpdateOctopusTentacleStep.StepName, StringComparison.Ordinal)).ToList();
            Assert.Equal(waves.Count, records.Count);
            Assert.Equal(3, records.Count(r => r.Outcome == StepOutcome.Failed));
        }

        [Fact]
        public async Task An_upgrade_waits_behind_a_running_deployment_rather_than_cancelling_it()
        {
            await using var s = await SandboxSession.StartAsync(Estate(4));
            s.Sandbox.Estate.HoldForDeployment("t001");
            var polls = 0;
            s.Reporter.OnProgress = p =>
            {
                if (p.ParentActivityId == UpdateOctopusTentacleStep.ActivityId && p.Activity.Contains("(Upgrade)", StringComparison.Ordinal) && ++polls == 5)
                {
                    s.Sandbox.Estate.HoldForDeployment("t001", held: false);
                }
            };

            var outcomes = await s.RunAsync(Step, new TentacleUpgradeRequest());

            Assert.True(polls >= 5, "the upgrade did not wait");
            Assert.All(outcomes, o => Assert.True(o.Upgraded, o.Machine.Name + ": " + o.Message));
            Assert.Empty(s.Reporter.Errors);
        }

        [Fact]
        public async Task A_successful_task_is_not_proof_a_machine_the_check_cannot_reach_is_an_error_and_a_current_one_is_skipped()
        {
            var estate = Estate(3);
            estate.Machines[2].TentacleVersion = EstateDescription.ForVersion(EstatePresets.Current).Machines[0].TentacleVersion;
            await using var s = await SandboxSession.StartAsync(estate);
            s.Sandbox.Faults.DropMachineDuringNextHealthCheck("t001");

            var outcomes = await s.RunAsync(Step, new TentacleUpgradeRequest { WaveBy = TentacleWaveGrouping.Machine });

            Assert.Equal("Success", s.Sandbox.Estate.Tasks.Single(t => t.Name == "Upgrade").State);
            var t001 = outcomes.Single(o => o.Machine.Name == "t001");
            Assert.False(t001.Upgraded);
            Assert.Contains("could not reach", t001.Message, StringComparison.Ordinal);
            Assert.Equal("t001", Assert.Single(s.Reporter.Errors).Target);
            var current = outcomes.Single(o => o.Machine.Name == "t002");
            Assert.Equal((false, true), (current.Upgraded, current.Skipped));
            Assert.True(outcomes.Single(o => o.Machine.Name == "t000").Upgraded);
        }

        [Fact]
        public async Task A_wave_whose_task_never_ends_times_out_journalled_and_claims_nothing()
        {
            await using var s = await SandboxSession.StartAsync(Estate(2));
            s.Sandbox.Faults.HangNextTask("Upgrade");
            var outcomes = await Assert.ThrowsAsync<OctopusApiException>(() => s.RunAsync(Step, new TentacleUpgradeRequest { Timeout = TimeSpan.FromMinutes(5) }));

            Assert.Equal(OctopusTaskErrorIds.WaitTimedOut, outcomes.ErrorId);
            Assert.Equal(StepOutcome.Failed, s.Session.Journal.Records.Last().Outcome);
            Assert.All(s.Sandbox.Estate.Machines.Where(m => !m.IsWorker), m => Assert.Equal(OldTentacle, m.TentacleVersion));
        }

        [Fact]
        public async Task A_2x_server_is_refused_with_the_way_forward()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.Legacy26));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, new TentacleUpgradeRequest()));

            Assert.Equal(TentacleErrorIds.UpgradeNeedsModernServer, error.ErrorId);
            Assert.Contains("Invoke-HydraUpgrade", error.Message, StringComparison.Ordinal);
            Assert.Empty(s.Sandbox.Estate.Tasks);
        }

        [Fact]
        public async Task Planning_lists_each_wave_and_the_machines_left_out_and_changes_nothing()
        {
            var estate = Estate(6);
            estate.Machines[0].UpgradeLocked = true;
            await using var s = await SandboxSession.StartAsync(estate);

            var plan = await s.Runner.PlanAsync(Step, new TentacleUpgradeRequest { BatchSize = 2, WaveBy = TentacleWaveGrouping.Machine }, default);

            Assert.Equal(3, plan.Actions.Count);
            Assert.All(plan.Actions, a => Assert.Contains("POST /api/", a.Description, StringComparison.Ordinal));
            Assert.Contains(plan.WhatIfWarnings, w => w.Contains("t000", StringComparison.Ordinal) && w.Contains("UpgradeLocked", StringComparison.Ordinal));
            Assert.Empty(s.Sandbox.Estate.Tasks);
        }

        /// <summary>A current server with <paramref name="count"/> listening Tentacles on an old version, spread over three environments.</summary>
        private static EstateDescription Estate(int count)
        {
            var estate = EstateDescription.ForVersion(EstatePresets.Current);
            estate.Machines = Enumerable.Range(0, count).Select(i => new MachineDescription
            {
                Name = $"t{i:D3}",
                Environments = [estate.Environments[i % estate.Environments.Count]],
                Roles = ["web-server"],
                TentacleVersion = OldTentacle,
                CommunicationStyle = i % 4 == 0 ? "TentacleActive" : "TentaclePassive",
            }).ToList();
            return estate;
        }
    }
}
