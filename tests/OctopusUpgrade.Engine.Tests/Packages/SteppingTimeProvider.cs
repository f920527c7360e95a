using System;
using System.Threading;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>A clock that moves forward by a fixed step each time it is read, so rates and throttling are deterministic.</summary>
    internal sealed class SteppingTimeProvider : TimeProvider
    {
        private readonly long _stepTicks;
        private long _now;
        private long _readings;

        public SteppingTimeProvider(TimeSpan step)
        {
            _stepTicks = step.Ticks;
        }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        /// <summary>How many times the timestamp has been read.</summary>
        public long Readings => Interlocked.Read(ref _readings);

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _readings);
            return Interlocked.Add(ref _now, _stepTicks);
        }

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(Interlocked.Read(ref _now));
    }
}
