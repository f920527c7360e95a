using System;
using System.Threading;
#if !NET
using System.Threading.Tasks;
#endif

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// The moment by which a step must be done, on the step's clock. Every wait inside the step is bounded by it:
    /// <see cref="Token"/> is cancelled when it passes (or when the caller cancels), so an API call, its per-attempt
    /// timeout and its retry back-off all end there, and <see cref="Remaining"/> bounds a child process.
    /// <see cref="HasPassed"/> tells the deadline from the caller's own cancellation.
    /// </summary>
    public sealed class Deadline : IDisposable
    {
        private readonly TimeProvider _time;
        private readonly long _started;
        private readonly CancellationToken _outer;
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        private Deadline(TimeSpan duration, TimeProvider time, CancellationToken outer)
        {
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _started = time.GetTimestamp();
            Duration = duration;
            _outer = outer;
#if NET
            _timer = new CancellationTokenSource(duration, time);
#else
            _timer = time.CreateCancellationTokenSource(duration);
#endif
            _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
        }

        public TimeSpan Duration { get; }

        /// <summary>Cancelled when the deadline passes or the caller cancels.</summary>
        public CancellationToken Token => _linked.Token;

        /// <summary>True when the deadline itself (not the caller) ended the wait.</summary>
        public bool HasPassed => _timer.IsCancellationRequested && !_outer.IsCancellationRequested;

        /// <summary>Time left, never negative; <see cref="Timeout.InfiniteTimeSpan"/> for a deadline that never passes.</summary>
        public TimeSpan Remaining
        {
            get
            {
                if (Duration == Timeout.InfiniteTimeSpan)
                {
                    return Timeout.InfiniteTimeSpan;
                }

                var left = Duration - Elapsed;
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }

        public TimeSpan Elapsed => _time.GetElapsedTime(_started);

        /// <summary>A deadline <paramref name="duration"/> (or <see cref="Timeout.InfiniteTimeSpan"/>: none) from now on <paramref name="time"/>, also ended by <paramref name="outer"/>.</summary>
        public static Deadline After(TimeSpan duration, TimeProvider time, CancellationToken outer = default) => new(duration, time, outer);

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }
}
