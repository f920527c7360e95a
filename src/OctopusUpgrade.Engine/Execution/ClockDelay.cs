using System;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>A pause on a <see cref="TimeProvider"/> (so a test's fake clock decides it) on both target frameworks.</summary>
    public static class ClockDelay
    {
        public static Task WaitAsync(TimeProvider clock, TimeSpan delay, CancellationToken cancellationToken) =>
#if NET
            Task.Delay(delay, clock, cancellationToken);
#else
            clock.Delay(delay, cancellationToken);
#endif
    }
}
