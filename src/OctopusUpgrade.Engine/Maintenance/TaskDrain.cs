using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>
    /// Waits for the server's running and queued tasks (of every space, system tasks included; or of named nodes) to
    /// finish, with a progress record per poll, for at most a timeout; then optionally cancels what still runs and
    /// gives it a short while to stop. It never claims a drain it did not see: the last listing decides.
    /// </summary>
    public sealed class TaskDrain
    {
        public const int ActivityId = 4200;

        private readonly OctopusApiClient _client;
        private readonly IOperationReporter _reporter;
        private readonly TimeProvider _clock;

        public TaskDrain(OctopusApiClient client, IOperationReporter reporter, TimeProvider clock)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        }

        /// <param name="nodes">Node names whose tasks count; empty for every task.</param>
        /// <param name="timeout">How long to wait before giving up (or cancelling).</param>
        /// <param name="pollInterval">The pause between listings.</param>
        /// <param name="cancel">Null: do not cancel; otherwise the time cancelled tasks get to stop.</param>
        /// <param name="parentActivityId">The step's progress activity.</param>
        /// <param name="cancellationToken">Stops waiting (the tasks keep running).</param>
        public async Task<TaskDrainResult> WaitAsync(IReadOnlyCollection<string> nodes, TimeSpan timeout, TimeSpan pollInterval, TimeSpan? cancel, int parentActivityId, CancellationToken cancellationToken)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var started = _clock.GetTimestamp();
            try
            {
                var active = await PollUntilEmptyAsync(nodes, timeout, pollInterval, seen, started, parentActivityId, "Waiting", cancellationToken).ConfigureAwait(false);
                if (active.Count == 0 || cancel is null)
                {
                    return Result(seen, active, Array.Empty<string>(), started, timedOut: active.Count > 0);
                }

                var cancelled = new List<string>();
                foreach (var task in active)
                {
                    _reporter.Verbose($"Cancelling task {Describe(task)}, still {task.StateName} after {timeout}.");
                    await _client.Tasks.CancelAsync(task.Id, cancellationToken).ConfigureAwait(false);
                    cancelled.Add(task.Id);
                }

                var left = await PollUntilEmptyAsync(nodes, cancel.Value, pollInterval, seen, _clock.GetTimestamp(), parentActivityId, "Cancelling", cancellationToken).ConfigureAwait(false);
                return Result(seen, left, cancelled, started, timedOut: true);
            }
            finally
            {
                _reporter.Progress(new OperationProgress(ActivityId, "Waiting for tasks to finish", "Done") { ParentActivityId = parentActivityId, Completed = true });
            }
        }

        private async Task<IReadOnlyList<OctopusTask>> PollUntilEmptyAsync(
            IReadOnlyCollection<string> nodes, TimeSpan timeout, TimeSpan pollInterval, HashSet<string> seen, long started, int parentActivityId, string doing, CancellationToken cancellationToken)
        {
            var waitStarted = _clock.GetTimestamp();
            while (true)
            {
                var active = await ListActiveAsync(nodes, timeout - _clock.GetElapsedTime(waitStarted) > TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                if (active is null)
                {
                    await ClockDelay.WaitAsync(_clock, pollInterval, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var task in active)
                {
                    seen.Add(task.Id);
                }

                var elapsed = _clock.GetElapsedTime(started);
                _reporter.Progress(new OperationProgress(
                    ActivityId,
                    "Waiting for tasks to finish",
                    string.Format(CultureInfo.InvariantCulture, "{0}: {1} task(s) running or queued after {2:0} s", doing, active.Count, elapsed.TotalSeconds))
                {
                    ParentActivityId = parentActivityId,
                    CurrentOperation = active.Count == 0 ? null : string.Join(", ", active.Take(5).Select(Describe)) + (active.Count > 5 ? ", …" : string.Empty),
                });
                var remaining = timeout - _clock.GetElapsedTime(waitStarted);
                if (active.Count == 0 || remaining <= TimeSpan.Zero)
                {
                    return active;
                }

                await ClockDelay.WaitAsync(_clock, pollInterval < remaining ? pollInterval : remaining, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The active tasks now, or null when the server did not answer (past the client's own retries) while there is
        /// still time: a wait of half an hour should outlast a restarting load balancer, so the next poll tries again.
        /// </summary>
        private async Task<List<OctopusTask>?> ListActiveAsync(IReadOnlyCollection<string> nodes, bool timeLeft, CancellationToken cancellationToken)
        {
            var active = new List<OctopusTask>();
            try
            {
                await foreach (var task in _client.Tasks.GetActiveAsync(acrossAllSpaces: true, cancellationToken).ConfigureAwait(false))
                {
                    if (nodes.Count == 0 || (task.ServerNode is not null && nodes.Contains(task.ServerNode, StringComparer.OrdinalIgnoreCase)))
                    {
                        active.Add(task);
                    }
                }
            }
            catch (OctopusApiException e) when (timeLeft && e.ErrorId is OctopusApiErrorIds.Unreachable or OctopusApiErrorIds.ServerError)
            {
                _reporter.Verbose($"Listing the running tasks failed ({e.ErrorId}); trying again at the next poll.");
                return null;
            }

            return active;
        }

        private TaskDrainResult Result(HashSet<string> seen, IReadOnlyList<OctopusTask> left, IReadOnlyList<string> cancelled, long started, bool timedOut)
        {
            var result = new TaskDrainResult
            {
                TasksWaitedFor = seen.Count,
                CancelledTaskIds = cancelled,
                StillRunning = left.Select(Describe).ToArray(),
                Waited = _clock.GetElapsedTime(started),
                TimedOut = timedOut,
            };
            if (left.Count > 0)
            {
                _reporter.Error(new OctopusUpgradeException(
                    MaintenanceErrorIds.TasksStillRunning,
                    FailureCategory.OperationTimeout,
                    $"{left.Count} task(s) were still running or queued after {result.Waited:hh\\:mm\\:ss}: {string.Join(", ", result.StillRunning)}. "
                    + (cancelled.Count > 0 ? "They were cancelled but had not stopped yet; " : "Wait longer (-Timeout), add -CancelRemainingTasks, or ")
                    + "check the Tasks page before going on.",
                    _client.BaseAddress.ToString()));
            }

            return result;
        }

        private static string Describe(OctopusTask task) => $"{task.Id} ({task.Name}{(task.ServerNode is null ? string.Empty : " on " + task.ServerNode)})";
    }
}
