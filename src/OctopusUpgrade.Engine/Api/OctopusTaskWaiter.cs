using System;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// Waits for a server task to complete: one GET per poll, a delay between polls that starts short and backs off
    /// to a ceiling (tasks such as Tentacle upgrades take minutes; quick ones should not pay a long first wait), and
    /// a progress record per poll. All waiting is on the <see cref="TimeProvider"/>, never a spin.
    /// </summary>
    public sealed class OctopusTaskWaiter
    {
        private readonly OctopusApiClient _client;
        private readonly TimeProvider _time;
        private readonly IOperationReporter _reporter;

        /// <param name="client">The client to poll with.</param>
        /// <param name="firstPollInterval">The delay after the first poll; default 1 s.</param>
        /// <param name="maxPollInterval">The ceiling the delay doubles up to; default 10 s.</param>
        /// <param name="timeProvider">The clock; default the client's.</param>
        public OctopusTaskWaiter(OctopusApiClient client, TimeSpan? firstPollInterval = null, TimeSpan? maxPollInterval = null, TimeProvider? timeProvider = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            FirstPollInterval = firstPollInterval ?? TimeSpan.FromSeconds(1);
            MaxPollInterval = maxPollInterval ?? TimeSpan.FromSeconds(10);
            if (FirstPollInterval <= TimeSpan.Zero || MaxPollInterval < FirstPollInterval)
            {
                throw new ArgumentOutOfRangeException(nameof(firstPollInterval), "Poll intervals must be positive, the maximum no less than the first.");
            }

            _time = timeProvider ?? client.Options.TimeProvider;
            _reporter = client.Options.Reporter;
        }

        public TimeSpan FirstPollInterval { get; }

        public TimeSpan MaxPollInterval { get; }

        /// <summary>The caller's progress activity, under which each task's progress is shown; -1 for none.</summary>
        public int ParentActivityId { get; init; } = -1;

        /// <summary>
        /// Polls until the task completes and returns its final state (success or not: the caller decides what a
        /// failed task means). Throws <see cref="OctopusTaskErrorIds.WaitTimedOut"/> when <paramref name="timeout"/>
        /// passes first; the task itself keeps running on the server.
        /// </summary>
        public async Task<OctopusTask> WaitAsync(string taskId, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var activityId = ActivityId(taskId);
            var started = _time.GetTimestamp();
            var interval = FirstPollInterval;
            while (true)
            {
                var task = await _client.Tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
                var elapsed = _time.GetElapsedTime(started);
                _reporter.Progress(new OperationProgress(activityId, $"Waiting for task {task.Id} ({task.Name})", $"{task.StateName} after {elapsed.TotalSeconds:0} s")
                {
                    ParentActivityId = ParentActivityId,
                    CurrentOperation = task.Description,
                    Completed = task.IsCompleted,
                });

                if (task.IsCompleted)
                {
                    _reporter.Verbose($"Task {task.Id} ({task.Name}) completed: {task.StateName}.");
                    return task;
                }

                var remaining = timeout - elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    _reporter.Progress(new OperationProgress(activityId, $"Waiting for task {task.Id} ({task.Name})", "Timed out") { ParentActivityId = ParentActivityId, Completed = true });
                    throw new OctopusApiException(
                        OctopusTaskErrorIds.WaitTimedOut,
                        FailureCategory.OperationTimeout,
                        $"Task {task.Id} ({task.Name}) did not complete within {timeout}; it is still {task.StateName} on {_client.BaseAddress}. It keeps running there: wait longer, or cancel it in Octopus.");
                }

                await DelayAsync(interval < remaining ? interval : remaining, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPollInterval.Ticks));
            }
        }

        public Task<OctopusTask> WaitAsync(OctopusTask task, TimeSpan timeout, CancellationToken cancellationToken = default) =>
            WaitAsync((task ?? throw new ArgumentNullException(nameof(task))).Id, timeout, cancellationToken);

        private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
#if NET
            Task.Delay(delay, _time, cancellationToken);
#else
            _time.Delay(delay, cancellationToken);
#endif

        // A stable id per task keeps each task's progress bar separate when several are awaited at once.
        private static int ActivityId(string taskId) => 0x4F00_0000 | (StringComparer.Ordinal.GetHashCode(taskId) & 0x00FF_FFFF);
    }
}
