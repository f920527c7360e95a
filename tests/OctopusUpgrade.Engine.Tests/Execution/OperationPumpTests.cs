using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    public sealed class OperationPumpTests
    {
        [Fact]
        public void Thousands_of_events_from_several_threads_arrive_on_the_calling_thread_each_thread_in_order()
        {
            const int threads = 8;
            const int perThread = 2500;
            var sink = new RecordingSink();
            var callingThread = Environment.CurrentManagedThreadId;

            var result = OperationPump.Run(async (reporter, token) =>
            {
                var workers = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
                {
                    for (var i = 0; i < perThread; i++)
                    {
                        switch (i % 4)
                        {
                            case 0: reporter.Output($"{t}:{i}"); break;
                            case 1: reporter.Verbose($"{t}:{i}"); break;
                            case 2: reporter.Progress(new OperationProgress(t, "work", $"{t}:{i}")); break;
                            default: reporter.Error(new OctopusUpgradeException("ItemFailed", FailureCategory.WriteError, $"{t}:{i}")); break;
                        }
                    }
                }, token));
                await Task.WhenAll(workers);
                return 42;
            }, sink, CancellationToken.None);

            Assert.Equal(42, result);
            Assert.Equal(threads * perThread, sink.Events.Count);
            Assert.Equal(Enumerable.Range(0, threads).OrderDescending(), sink.Progress.Where(p => p.Completed).Select(p => p.ActivityId).OrderDescending());
            Assert.All(sink.ThreadIds, id => Assert.Equal(callingThread, id));
            foreach (var group in sink.Events.Select(e => e.Split(':')).GroupBy(p => p[0]))
            {
                Assert.Equal(Enumerable.Range(0, perThread), group.Select(p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        [Fact]
        public void Events_reported_before_a_failure_are_delivered_and_the_failure_surfaces_once_with_its_type()
        {
            var sink = new RecordingSink();
            var error = Assert.Throws<OctopusUpgradeException>(() => OperationPump.Run<int>(async (reporter, _) =>
            {
                reporter.Output("0:0");
                await Task.Yield();
                reporter.Warning("0:1");
                throw new OctopusUpgradeException("StepBroke", FailureCategory.InvalidOperation, "broken");
            }, sink, CancellationToken.None));

            Assert.Equal("StepBroke", error.ErrorId);
            Assert.Equal(new[] { "0:0", "0:1" }, sink.Events);
        }

        [Fact]
        public void A_non_engine_exception_keeps_its_type()
        {
            Assert.Throws<InvalidOperationException>(() =>
                OperationPump.Run((_, _) => throw new InvalidOperationException("boom"), new RecordingSink(), CancellationToken.None));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(50)]
        public void A_stop_at_any_delivered_event_ends_the_run_with_no_event_after_it_and_the_work_stopped(int stopAt)
        {
            using var stop = new CancellationTokenSource();
            var sink = new RecordingSink { AfterOutput = delivered => { if (delivered == stopAt) { stop.Cancel(); } } };
            var workSawCancellation = false;

            Assert.Throws<OperationCanceledException>(() => OperationPump.Run(async (reporter, token) =>
            {
                try
                {
                    for (var i = 0; ; i++)
                    {
                        reporter.Output("0:" + i);
                        await Task.Yield();
                        token.ThrowIfCancellationRequested();
                    }
                }
                catch (OperationCanceledException)
                {
                    Volatile.Write(ref workSawCancellation, true);
                    throw;
                }
            }, sink, stop.Token));

            Assert.Equal(Enumerable.Range(0, stopAt).Select(i => "0:" + i), sink.Events);
            Assert.True(Volatile.Read(ref workSawCancellation));
        }

        [Fact]
        public void A_stopped_run_returns_only_after_the_work_has_finished_its_clean_up()
        {
            using var stop = new CancellationTokenSource();
            var callingThread = Thread.CurrentThread;
            var testOver = false;
            var cleanedUp = false;
            var sink = new RecordingSink { AfterOutput = _ => stop.Cancel() };

            try
            {
                Assert.Throws<OperationCanceledException>(() => OperationPump.Run(async (reporter, token) =>
                {
                    try
                    {
                        reporter.Output("0:0");
                        await Task.Delay(Timeout.InfiniteTimeSpan, token);
                    }
                    finally
                    {
                        // Clean-up that is still going on when the pump has given up on the events: it ends only once
                        // the calling thread waits (inside Run, for the work), or once the test is over.
                        await Task.Yield();
                        SpinWait.SpinUntil(() => (callingThread.ThreadState & ThreadState.WaitSleepJoin) != 0 || Volatile.Read(ref testOver));
                        Volatile.Write(ref cleanedUp, !Volatile.Read(ref testOver));
                    }
                }, sink, stop.Token));

                Assert.True(Volatile.Read(ref cleanedUp), "Run returned before the work's clean-up ended");
            }
            finally
            {
                Volatile.Write(ref testOver, true);
            }
        }

        [Fact]
        public void Cancellation_returns_even_when_the_work_ignores_it()
        {
            using var stop = new CancellationTokenSource();
            using var release = new ManualResetEventSlim();
            stop.CancelAfter(20);

            Assert.Throws<OperationCanceledException>(() => OperationPump.Run((_, _) => Task.Run(() => release.Wait(TimeSpan.FromSeconds(30))), new RecordingSink(), stop.Token));
            release.Set();
        }

        [Fact]
        public async Task A_sink_that_throws_stops_the_work_and_its_exception_surfaces()
        {
            var workStopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sink = new RecordingSink { ThrowOnOutput = new InvalidOperationException("pipeline stopped") };

            var error = Assert.Throws<InvalidOperationException>(() => OperationPump.Run(async (reporter, token) =>
            {
                try
                {
                    while (true)
                    {
                        reporter.Output("0:0");
                        await Task.Delay(1, token);
                    }
                }
                finally
                {
                    workStopped.TrySetResult(true);
                }
            }, sink, CancellationToken.None));

            Assert.Equal("pipeline stopped", error.Message);
            // The wait is bounded only so a pump that never stops the work fails instead of hanging the run.
            Assert.True(await workStopped.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        }

        [Fact]
        public void Activities_left_open_by_failed_work_are_completed_children_first_before_the_error_surfaces()
        {
            var sink = new RecordingSink();
            var error = Assert.Throws<OctopusUpgradeException>(() => OperationPump.Run((reporter, _) =>
            {
                reporter.Progress(new OperationProgress(1, "Parent", "step 1 of 2") { PercentComplete = 50 });
                reporter.Progress(new OperationProgress(2, "Child", "60 of 100") { ParentActivityId = 1, PercentComplete = 60 });
                reporter.Progress(new OperationProgress(3, "Finished child", "done") { ParentActivityId = 1 });
                reporter.Progress(new OperationProgress(3, "Finished child", "done") { ParentActivityId = 1, Completed = true });
                throw new OctopusUpgradeException("TimedOut", FailureCategory.OperationTimeout, "timed out");
            }, sink, CancellationToken.None));

            Assert.Equal("TimedOut", error.ErrorId);
            var closing = sink.Progress.Skip(4).ToList();
            Assert.Equal(new[] { 2, 1 }, closing.Select(p => p.ActivityId));
            Assert.All(closing, p => Assert.True(p.Completed));
            Assert.Equal(1, closing[0].ParentActivityId);
        }

        [Fact]
        public void Work_that_completes_its_own_activities_gets_no_extra_completion()
        {
            var sink = new RecordingSink();
            OperationPump.Run((reporter, _) =>
            {
                reporter.Progress(new OperationProgress(1, "Copy", "half") { PercentComplete = 50 });
                reporter.Progress(new OperationProgress(1, "Copy", "all") { Completed = true });
                return Task.CompletedTask;
            }, sink, CancellationToken.None);

            Assert.Equal(2, sink.Progress.Count);
        }

        [Fact]
        public void Events_from_a_stray_task_after_the_work_ended_are_dropped_quietly()
        {
            IOperationReporter? captured = null;
            var sink = new RecordingSink();
            OperationPump.Run((reporter, _) =>
            {
                captured = reporter;
                return Task.CompletedTask;
            }, sink, CancellationToken.None);

            var late = Record.Exception(() => captured!.Verbose("late"));
            Assert.Null(late);
            Assert.Empty(sink.Events);
        }

        private sealed class RecordingSink : IOperationSink
        {
            public List<string> Events { get; } = new();

            public List<int> ThreadIds { get; } = new();

            public Exception? ThrowOnOutput { get; init; }

            /// <summary>Called on the pump's thread after each output is recorded, with how many events are recorded.</summary>
            public Action<int>? AfterOutput { get; init; }

            public List<OperationProgress> Progress { get; } = new();

            // Completion records the pump adds for activities left open are in Progress only, not in Events.
            public void OnProgress(OperationProgress progress)
            {
                Progress.Add(progress);
                if (!progress.Completed)
                {
                    Add(progress.Status);
                }
            }

            public void OnVerbose(string message) => Add(message);

            public void OnWarning(string message) => Add(message);

            public void OnInformation(string message) => Add(message);

            public void OnOutput(object item)
            {
                if (ThrowOnOutput is not null)
                {
                    throw ThrowOnOutput;
                }

                Add((string)item);
                AfterOutput?.Invoke(Events.Count);
            }

            public void OnError(OctopusUpgradeException error) => Add(error.Message);

            private void Add(string text)
            {
                Events.Add(text);
                ThreadIds.Add(Environment.CurrentManagedThreadId);
            }
        }
    }
}
