using System;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>A step that ran: its result, and when it started and ended on the session's clock (UTC).</summary>
    public sealed record StepRun<TResult>(TResult Result, DateTimeOffset Started, DateTimeOffset Ended)
    {
        public TimeSpan Duration => Ended - Started;
    }
}
