using System;
using System.Collections.Concurrent;
using System.Threading;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>
    /// A clock that moves only when a timer is created. With <see cref="AutoAdvance"/> every timer jumps the clock to
    /// its due time and fires at once, so waits take no real time and <see cref="Delays"/> records them; without it,
    /// timers never fire (a wait blocks until cancelled).
    /// </summary>
    internal sealed class FakeTimeProvider : TimeProvider
    {
        private long _ticks;

        public bool AutoAdvance { get; init; } = true;

        public ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Delays.Enqueue(dueTime);
            if (AutoAdvance && dueTime != Timeout.InfiniteTimeSpan)
            {
                Interlocked.Add(ref _ticks, dueTime.Ticks);
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return new InertTimer();
        }

        private sealed class InertTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public System.Threading.Tasks.ValueTask DisposeAsync() => default;
        }
    }
}
