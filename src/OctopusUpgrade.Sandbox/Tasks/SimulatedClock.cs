using System;
using System.Diagnostics;

namespace OctopusUpgrade.Sandbox;

/// <summary>Simulated time: starts at the real time of creation and runs <see cref="Scale"/> times faster.</summary>
public sealed class SimulatedClock
{
    private readonly DateTimeOffset origin = DateTimeOffset.UtcNow;
    private readonly Stopwatch elapsed = Stopwatch.StartNew();

    /// <summary>Creates a clock running <paramref name="scale"/> times faster than real time.</summary>
    public SimulatedClock(double scale)
    {
        if (scale <= 0 || double.IsNaN(scale) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be a positive number.");
        }

        Scale = scale;
    }

    /// <summary>Speed-up over real time.</summary>
    public double Scale { get; }

    /// <summary>The simulated now.</summary>
    public DateTimeOffset Now => origin + elapsed.Elapsed * Scale;

    /// <summary>The real time a simulated span takes.</summary>
    public TimeSpan ToReal(TimeSpan simulated) => simulated / Scale;
}
