using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Sessions;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>
    /// Runs steps within a session, the one way every step runs: plan, then execute the confirmed actions, timed on
    /// the session's clock; each stage is journalled when it succeeds, partly succeeds, fails or is stopped, and what a
    /// step learns goes to the session's facts (and so to the journal).
    /// </summary>
    public sealed class StepRunner
    {
        /// <summary>What the journal says in place of an error id for a stage stopped by Ctrl+C or a cancelled token.</summary>
        private const string Stopped = "Stopped";

        private readonly ErrorRememberingReporter _reporter;

        public StepRunner(UpgradeSession session, IOperationReporter reporter)
        {
            Session = session ?? throw new ArgumentNullException(nameof(session));
            _reporter = new ErrorRememberingReporter(reporter ?? throw new ArgumentNullException(nameof(reporter)));
        }

        public UpgradeSession Session { get; }

        /// <summary>Where steps report; it remembers the last error, which a stop that follows it is recorded as.</summary>
        public IOperationReporter Reporter => _reporter;

        /// <summary>The session's clock, which every step uses.</summary>
        public TimeProvider Clock => Session.Clock;

        /// <summary>Plans a step: reads what it needs and decides, changing nothing.</summary>
        public Task<StepPlan<TPlan>> PlanAsync<TRequest, TPlan, TResult>(IStep<TRequest, TPlan, TResult> step, TRequest request, CancellationToken cancellationToken)
        {
            if (step is null)
            {
                throw new ArgumentNullException(nameof(step));
            }

            return step.PlanAsync(this, request, cancellationToken);
        }

        /// <summary>Executes the confirmed actions of a plan, and says when the step started and ended.</summary>
        public async Task<StepRun<TResult>> ExecuteAsync<TRequest, TPlan, TResult>(
            IStep<TRequest, TPlan, TResult> step,
            TRequest request,
            StepPlan<TPlan> plan,
            StepConfirmation confirmed,
            CancellationToken cancellationToken)
        {
            if (step is null)
            {
                throw new ArgumentNullException(nameof(step));
            }

            // A closed session could not journal what the step does: refused before anything is done.
            Session.Journal.EnsureOpen();
            var started = Clock.GetUtcNow();
            var result = await step.ExecuteAsync(this, request, plan, confirmed, cancellationToken).ConfigureAwait(false);
            return new StepRun<TResult>(result, started, Clock.GetUtcNow());
        }

        /// <summary>
        /// Runs one stage of a step and journals it: Succeeded, or Failed when <see cref="StepReport.FailedItems"/> is
        /// above zero; Failed with the error, or Cancelled, when the work throws (the error then goes on to the caller).
        /// </summary>
        public async Task<T> RunStageAsync<T>(StepStage stage, Func<CancellationToken, Task<T>> work, Func<T, StepReport> report, CancellationToken cancellationToken)
        {
            if (stage is null)
            {
                throw new ArgumentNullException(nameof(stage));
            }

            if (work is null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            if (report is null)
            {
                throw new ArgumentNullException(nameof(report));
            }

            var started = Clock.GetUtcNow();
            _reporter.Forget();
            T result;
            try
            {
                result = await work(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OctopusUpgradeException or OperationCanceledException)
            {
                // A stop right after an error is the caller acting on it (-ErrorAction Stop): the error is what happened.
                RecordInterrupted(stage, started, e is OperationCanceledException && _reporter.LastError is { } stoppedAfter ? stoppedAfter : e);
                throw;
            }

            var described = report(result);
            Session.Journal.Append(new JournalRecord
            {
                Step = stage.Name,
                Started = started,
                Ended = Clock.GetUtcNow(),
                Outcome = described.FailedItems == 0 ? StepOutcome.Succeeded : StepOutcome.Failed,
                Details = Merge(stage.Details, described.Details),
                Changes = described.Changes,
            });
            return result;
        }

        /// <summary>Records what a step learned about the estate; the journal has it before anyone reads it.</summary>
        public void Learn(Func<SessionFacts, SessionFacts> update) => Session.Learn(update);

        private void RecordInterrupted(StepStage stage, DateTimeOffset started, Exception error)
        {
            var (outcome, id) = error is OctopusUpgradeException failure
                ? (StepOutcome.Failed, failure.ErrorId)
                : (StepOutcome.Cancelled, Stopped);
            try
            {
                Session.Journal.Append(new JournalRecord
                {
                    Step = stage.Name,
                    Started = started,
                    Ended = Clock.GetUtcNow(),
                    Outcome = outcome,
                    Details = Merge(stage.Details, new Dictionary<string, string> { ["Error"] = id + ": " + error.Message }),
                    Changes = new[] { stage.ChangeIfInterrupted },
                });
            }
            catch (OctopusUpgradeException journalError)
            {
                // The stage's own failure is what the user must see; the journal's is reported beside it.
                Reporter.Error(journalError);
            }
        }

        /// <summary>Passes everything on, and keeps the last error reported since <see cref="Forget"/>.</summary>
        private sealed class ErrorRememberingReporter : IOperationReporter
        {
            private readonly IOperationReporter _inner;
            private OctopusUpgradeException? _lastError;

            public ErrorRememberingReporter(IOperationReporter inner)
            {
                _inner = inner;
            }

            public OctopusUpgradeException? LastError => Volatile.Read(ref _lastError);

            public void Forget() => Volatile.Write(ref _lastError, null);

            public void Progress(OperationProgress progress) => _inner.Progress(progress);

            public void Verbose(string message) => _inner.Verbose(message);

            public void Warning(string message) => _inner.Warning(message);

            public void Information(string message) => _inner.Information(message);

            public void Output(object item) => _inner.Output(item);

            public void Error(OctopusUpgradeException error)
            {
                Volatile.Write(ref _lastError, error);
                _inner.Error(error);
            }
        }

        private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> second)
        {
            var all = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in first)
            {
                all[pair.Key] = pair.Value;
            }

            foreach (var pair in second)
            {
                all[pair.Key] = pair.Value;
            }

            return all;
        }
    }
}
