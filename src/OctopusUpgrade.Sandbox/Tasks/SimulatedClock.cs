using System;
using System.Threading;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Simulated time, as a <see cref="TimeProvider"/>: it starts at the underlying clock's now and runs <see cref="Scale"/>
    /// times faster. Process mode runs it on the system clock; an in-process test can hand the sandbox its own fake clock,
    /// so the engine and the simulated server move together, and only when the test says.
    /// </summary>
    public sealed class SimulatedClock : TimeProvider
    {
        private readonly TimeProvider _underlying;
        private readonly DateTimeOffset _origin;
        private readonly long _started;

        /// <summary>Creates a clock running <paramref name="scale"/> times faster than <paramref name="underlying"/> (the system clock when null).</summary>
        public SimulatedClock(double scale, TimeProvider? underlying = null)
        {
            if (scale <= 0 || double.IsNaN(scale) || double.IsInfinity(scale))
            {
                throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be a positive number.");
            }

            Scale = scale;
            _underlying = underlying ?? System;
            _origin = _underlying.GetUtcNow();
            _started = _underlying.GetTimestamp();
        }

        /// <summary>Speed-up over the underlying clock.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        /// <inheritdoc/>
        public override DateTimeOffset GetUtcNow() => _origin + Elapsed();

        /// <summary>Simulated ticks since the clock was made.</summary>
        public override long GetTimestamp() => Elapsed().Ticks;

        /// <summary>A timer on the underlying clock that fires after the given simulated spans.</summary>
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            _underlying.CreateTimer(callback, state, ToUnderlying(dueTime), ToUnderlying(period));

        private TimeSpan Elapsed() => _underlying.GetElapsedTime(_started) * Scale;

        private TimeSpan ToUnderlying(TimeSpan simulated) => simulated == Timeout.InfiniteTimeSpan ? simulated : simulated / Scale;
    }
}
