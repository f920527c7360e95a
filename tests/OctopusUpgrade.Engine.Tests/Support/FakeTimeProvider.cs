using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>
    /// The tests' one clock. It starts at 2026-01-01 UTC and moves only when a test moves it:
    /// <list type="bullet">
    /// <item><see cref="AutoAdvance"/> (the default): every timer jumps the clock to its due time and fires at once, so
    /// waits take no real time and <see cref="Delays"/> records them.</item>
    /// <item>Without it, timers wait for <see cref="Advance"/>; <see cref="WhenTimerStartsAsync"/> tells a test that
    /// something is now waiting on the clock.</item>
    /// <item><see cref="StepPerReading"/>: every timestamp read moves the clock by that much, so rates and throttling
    /// see time pass at a known pace (<see cref="Readings"/> counts the reads).</item>
    /// </list>
    /// </summary>
    internal sealed class FakeTimeProvider : TimeProvider
    {
        public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private readonly object _sync = new();
        private readonly List<FakeTimer> _waiting = new();
        private TaskCompletionSource _timerStarted = NewSignal();
        private long _ticks;
        private long _readings;

        public bool AutoAdvance { get; init; } = true;

        public TimeSpan StepPerReading { get; init; }

        public ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public long Readings => Interlocked.Read(ref _readings);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _readings);
            return Interlocked.Add(ref _ticks, StepPerReading.Ticks);
        }

        public override DateTimeOffset GetUtcNow() => Start.AddTicks(Interlocked.Read(ref _ticks));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Delays.Enqueue(dueTime);
            if (AutoAdvance)
            {
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Interlocked.Add(ref _ticks, dueTime.Ticks);
                    ThreadPool.QueueUserWorkItem(_ => callback(state));
                }

                return new FakeTimer(this, callback, state);
            }

            var timer = new FakeTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>Completes once a timer is waiting on the clock (at once if one already is).</summary>
        public Task WhenTimerStartsAsync()
        {
            lock (_sync)
            {
                return _waiting.Count > 0 ? Task.CompletedTask : _timerStarted.Task;
            }
        }

        /// <summary>Moves the clock forward and fires, in due order, every timer that falls due on the way.</summary>
        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(by), "A clock does not run backwards.");
            }

            var until = Interlocked.Read(ref _ticks) + by.Ticks;
            while (true)
            {
                FakeTimer? next;
                lock (_sync)
                {
                    next = _waiting.Where(t => t.DueTicks <= until).OrderBy(t => t.DueTicks).FirstOrDefault();
                    if (next is null)
                    {
                        break;
                    }

                    Interlocked.Exchange(ref _ticks, Math.Max(Interlocked.Read(ref _ticks), next.DueTicks));
                    _waiting.Remove(next);
                    if (next.PeriodTicks > 0)
                    {
                        next.DueTicks += next.PeriodTicks;
                        _waiting.Add(next);
                    }
                }

                next.Fire();
            }

            Interlocked.Exchange(ref _ticks, until);
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        private void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
        {
            lock (_sync)
            {
                _waiting.Remove(timer);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return;
                }

                timer.DueTicks = Interlocked.Read(ref _ticks) + dueTime.Ticks;
                timer.PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                _waiting.Add(timer);
                _timerStarted.TrySetResult();
                _timerStarted = NewSignal();
            }
        }

        private void Cancel(FakeTimer timer)
        {
            lock (_sync)
            {
                _waiting.Remove(timer);
            }
        }

        private sealed class FakeTimer : ITimer
        {
            private readonly FakeTimeProvider _clock;
            private readonly TimerCallback _callback;
            private readonly object? _state;

            public FakeTimer(FakeTimeProvider clock, TimerCallback callback, object? state)
            {
                _clock = clock;
                _callback = callback;
                _state = state;
            }

            public long DueTicks { get; set; }

            public long PeriodTicks { get; set; }

            public void Fire() => _callback(_state);

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (!_clock.AutoAdvance)
                {
                    _clock.Schedule(this, dueTime, period);
                }

                return true;
            }

            public void Dispose() => _clock.Cancel(this);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
