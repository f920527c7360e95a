using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Steps
{
    /// <summary>The runner every step runs through: its timing on the session's clock and its journal record for each way a stage can end.</summary>
    public sealed class StepRunnerTests : IDisposable
    {
        private static readonly TimeSpan WorkTakes = TimeSpan.FromMinutes(3);
        private readonly TempFolder _folder = new();
        private readonly FakeTimeProvider _clock = new();
        private readonly UpgradeSession _session;

        public StepRunnerTests()
        {
            _session = UpgradeSession.Create(
                new SessionRequest { Server = "https://octopus.example.com", ApiKey = new Secret("API-STEPRUNNERTESTKEY000001"), JournalPath = _folder.Combine("journal.json") },
                _clock);
        }

        public void Dispose() => _folder.Dispose();

        public enum Ending
        {
            Success,
            PartialSuccess,
            Failure,
            Cancellation,
        }

        [Fact]
        public async Task A_step_in_a_closed_session_is_refused_before_it_does_anything()
        {
            var runner = new StepRunner(_session, NullOperationReporter.Instance);
            var step = new FakeStep(Ending.Success, null);
            var plan = await runner.PlanAsync(step, 1, CancellationToken.None);
            var before = _clock.GetUtcNow();
            _session.Dispose();

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => runner.ExecuteAsync(step, 1, plan, StepConfirmation.All(plan.Actions), CancellationToken.None));

            Assert.Equal(JournalErrorIds.Closed, error.ErrorId);
            Assert.Equal(before, _clock.GetUtcNow());
            Assert.Empty(UpgradeJournal.Load(_session.Journal.Path).Records);
        }

        [Theory]
        [InlineData(Ending.Success, StepOutcome.Succeeded, "Did the thing")]
        [InlineData(Ending.PartialSuccess, StepOutcome.Failed, "Did the thing")]
        [InlineData(Ending.Failure, StepOutcome.Failed, "May have done part of the thing")]
        [InlineData(Ending.Cancellation, StepOutcome.Cancelled, "May have done part of the thing")]
        public async Task Each_way_a_stage_ends_is_journalled_with_its_times_on_the_sessions_clock(Ending ending, StepOutcome outcome, string change)
        {
            var started = _clock.GetUtcNow();
            var runner = new StepRunner(_session, NullOperationReporter.Instance);
            using var stop = new CancellationTokenSource();
            var step = new FakeStep(ending, stop);
            var plan = await runner.PlanAsync(step, 1, CancellationToken.None);

            var run = runner.ExecuteAsync(step, 1, plan, StepConfirmation.All(plan.Actions), stop.Token);
            if (ending is Ending.Success or Ending.PartialSuccess)
            {
                var done = await run;
                Assert.Equal((started, started + WorkTakes, TimeSpan.Zero), (done.Started, done.Ended, done.Ended.Offset));
            }
            else
            {
                await Assert.ThrowsAnyAsync<Exception>(() => run);
            }

            var record = Assert.Single(UpgradeJournal.Load(_session.Journal.Path).Records);
            Assert.Equal(("Fake", outcome), (record.Step, record.Outcome));
            Assert.Equal((started, started + WorkTakes), (record.Started, record.Ended));
            Assert.Equal(TimeSpan.Zero, record.Started.Offset);
            Assert.Equal("the target", record.Details["Target"]);
            Assert.Equal(new[] { change }, record.Changes);
            Assert.Equal(
                ending switch
                {
                    Ending.Failure => "FakeFailed: it broke",
                    Ending.Cancellation => "Stopped: " + new OperationCanceledException().Message,
                    _ => null,
                },
                record.Details.TryGetValue("Error", out var error) ? error : null);
        }

        [Fact]
        public async Task A_stop_that_follows_an_error_is_journalled_as_that_error_not_as_cancelled()
        {
            // As -ErrorAction Stop does: the first non-terminating error stops the pipeline, which cancels the work.
            var runner = new StepRunner(_session, NullOperationReporter.Instance);
            var failure = new OctopusUpgradeException(PackageErrorIds.CopySourceChanged, FailureCategory.InvalidData, "Acme.1.0.0.nupkg changed while it was copied");

            await Assert.ThrowsAsync<TaskCanceledException>(() => runner.RunStageAsync<int>(
                new StepStage("Copy-NuGetPackages", "Stopped part-way"),
                _ =>
                {
                    runner.Reporter.Error(failure);
                    throw new TaskCanceledException();
                },
                _ => new StepReport(),
                CancellationToken.None));

            var record = Assert.Single(UpgradeJournal.Load(_session.Journal.Path).Records);
            Assert.Equal(StepOutcome.Failed, record.Outcome);
            Assert.Equal(PackageErrorIds.CopySourceChanged + ": " + failure.Message, record.Details["Error"]);
        }

        [Fact]
        public async Task What_a_step_learns_is_in_the_journal_before_anyone_reads_it()
        {
            var runner = new StepRunner(_session, NullOperationReporter.Instance);

            var plan = await runner.PlanAsync(new FakeStep(Ending.Success, null, learns: true), 1, CancellationToken.None);

            Assert.Single(plan.Actions);
            Assert.True(_session.Facts.MaintenanceModeAsFound);
            Assert.True(UpgradeJournal.Load(_session.Journal.Path).Document.Facts.MaintenanceModeAsFound);
        }

        [Fact]
        public async Task Only_confirmed_actions_reach_the_step()
        {
            var runner = new StepRunner(_session, NullOperationReporter.Instance);
            var step = new FakeStep(Ending.Success, null);
            var plan = await runner.PlanAsync(step, 1, CancellationToken.None);

            var run = await runner.ExecuteAsync(step, 1, plan, new StepConfirmation(Array.Empty<string>()), CancellationToken.None);

            Assert.Equal(0, run.Result);
            Assert.Empty(UpgradeJournal.Load(_session.Journal.Path).Records);
        }

        /// <summary>One action; its one stage takes <see cref="WorkTakes"/> on the fake clock and ends as told.</summary>
        private sealed class FakeStep : IStep<int, string, int>
        {
            private readonly Ending _ending;
            private readonly CancellationTokenSource? _stop;
            private readonly bool _learns;

            public FakeStep(Ending ending, CancellationTokenSource? stop, bool learns = false)
            {
                _ending = ending;
                _stop = stop;
                _learns = learns;
            }

            public string Name => "Fake";

            public Task<StepPlan<string>> PlanAsync(StepRunner runner, int request, CancellationToken cancellationToken)
            {
                if (_learns)
                {
                    runner.Learn(facts => facts with { MaintenanceModeAsFound = true });
                }

                return Task.FromResult(new StepPlan<string>("the plan", new[] { new StepAction("Do", "the target", "Do the thing", ActionImpact.Medium) }));
            }

            public async Task<int> ExecuteAsync(StepRunner runner, int request, StepPlan<string> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
            {
                if (!confirmed.Includes("Do"))
                {
                    return 0;
                }

                var stage = new StepStage(Name, "May have done part of the thing") { Details = new Dictionary<string, string> { ["Target"] = "the target" } };
                return await runner.RunStageAsync(stage, token => Work(runner.Clock, token), count => new StepReport { Changes = new[] { "Did the thing" }, FailedItems = _ending == Ending.PartialSuccess ? 2 : 0 }, cancellationToken);
            }

            private async Task<int> Work(TimeProvider clock, CancellationToken cancellationToken)
            {
                await Task.Delay(WorkTakes, clock, CancellationToken.None);
                switch (_ending)
                {
                    case Ending.Failure:
                        throw new OctopusUpgradeException("FakeFailed", FailureCategory.InvalidOperation, "it broke");
                    case Ending.Cancellation:
                        await _stop!.CancelAsync();
                        cancellationToken.ThrowIfCancellationRequested();
                        break;
                }

                return 1;
            }
        }
    }
}
