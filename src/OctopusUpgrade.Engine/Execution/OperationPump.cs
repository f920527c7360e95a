using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// Runs async engine work off the calling thread and replays its events on the calling thread, in the order
    /// they were reported, until the work ends. PowerShell accepts WriteObject, WriteProgress and friends only on
    /// the pipeline thread, so this is how every cmdlet reaches the engine.
    /// </summary>
    public static class OperationPump
    {
        /// <summary>How long a cancelled operation gets to wind down before the pump stops waiting for it.</summary>
        public static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Runs <paramref name="work"/> and delivers its events to <paramref name="sink"/> on this thread. Returns
        /// the work's result; rethrows its exception once, with its original type and stack. When
        /// <paramref name="cancellationToken"/> fires, the work is told to stop and the pump throws
        /// <see cref="OperationCanceledException"/> promptly, without delivering further events.
        /// </summary>
        public static T Run<T>(Func<IOperationReporter, CancellationToken, Task<T>> work, IOperationSink sink, CancellationToken cancellationToken)
        {
            if (work is null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            if (sink is null)
            {
                throw new ArgumentNullException(nameof(sink));
            }

            using var events = new BlockingCollection<Action<IOperationSink>>();
            using var workCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reporter = new QueuedReporter(events);
            var running = Task.Run(() => work(reporter, workCancellation.Token), workCancellation.Token);

            // Closing the queue when the work ends lets the loop below finish once it has delivered everything.
            _ = running.ContinueWith(_ => reporter.Close(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            var open = new OpenActivities();
            var tracking = new ProgressTrackingSink(sink, open);
            try
            {
                foreach (var deliver in events.GetConsumingEnumerable(cancellationToken))
                {
                    deliver(tracking);
                }

                // The work has ended, returned or failed: a bar it left open (its step failed or timed out) is
                // completed before the result or the error is seen.
                foreach (var closing in open.CompleteAll())
                {
                    sink.OnProgress(closing);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The operation was stopped.", cancellationToken);
            }
            finally
            {
                // Closed whatever happened, before the queue is disposed: the work's completion continuation may not
                // have run yet, and a stray late event must go nowhere rather than hit a disposed queue.
                reporter.Close();

                // Reached early only on a stop request or when the sink itself threw (PowerShell stopping the
                // pipeline): tell the work to stop.
                if (!running.IsCompleted)
                {
                    workCancellation.Cancel();
                    WaitBriefly(running);
                }
            }

            // GetResult rethrows the work's own exception, unwrapped, with its original stack.
            return running.GetAwaiter().GetResult();
        }

        /// <summary>Runs work that has no result.</summary>
        public static void Run(Func<IOperationReporter, CancellationToken, Task> work, IOperationSink sink, CancellationToken cancellationToken)
        {
            if (work is null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            Run<bool>(async (reporter, token) =>
            {
                await work(reporter, token).ConfigureAwait(false);
                return true;
            }, sink, cancellationToken);
        }

        private static void WaitBriefly(Task running)
        {
            try
            {
                running.Wait(CancellationGrace);
            }
            catch (AggregateException)
            {
                // The work's own failure after a stop request is not news: the stop is what the caller asked for.
            }
        }

        /// <summary>Passes every event on, noting which progress activities are open.</summary>
        private sealed class ProgressTrackingSink : IOperationSink
        {
            private readonly IOperationSink _inner;
            private readonly OpenActivities _open;

            public ProgressTrackingSink(IOperationSink inner, OpenActivities open)
            {
                _inner = inner;
                _open = open;
            }

            public void OnProgress(OperationProgress progress)
            {
                _open.Observe(progress);
                _inner.OnProgress(progress);
            }

            public void OnVerbose(string message) => _inner.OnVerbose(message);

            public void OnWarning(string message) => _inner.OnWarning(message);

            public void OnInformation(string message) => _inner.OnInformation(message);

            public void OnOutput(object item) => _inner.OnOutput(item);

            public void OnError(OctopusUpgradeException error) => _inner.OnError(error);
        }

        /// <summary>Turns reporter calls from any thread into queued deliveries.</summary>
        private sealed class QueuedReporter : IOperationReporter
        {
            private readonly BlockingCollection<Action<IOperationSink>> _events;
            private readonly object _gate = new();
            private bool _closed;

            public QueuedReporter(BlockingCollection<Action<IOperationSink>> events)
            {
                _events = events;
            }

            public void Progress(OperationProgress progress) => Enqueue(sink => sink.OnProgress(progress));

            public void Verbose(string message) => Enqueue(sink => sink.OnVerbose(message));

            public void Warning(string message) => Enqueue(sink => sink.OnWarning(message));

            public void Information(string message) => Enqueue(sink => sink.OnInformation(message));

            public void Output(object item) => Enqueue(sink => sink.OnOutput(item));

            public void Error(OctopusUpgradeException error) => Enqueue(sink => sink.OnError(error));

            public void Close()
            {
                lock (_gate)
                {
                    if (!_closed)
                    {
                        _closed = true;
                        _events.CompleteAdding();
                    }
                }
            }

            private void Enqueue(Action<IOperationSink> delivery)
            {
                // The lock orders enqueues against Close: an event reported after the work ended (by a stray
                // background task) is dropped rather than thrown back at the reporter.
                lock (_gate)
                {
                    if (!_closed)
                    {
                        _events.Add(delivery);
                    }
                }
            }
        }
    }
}
