using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>One activity of a planned task: its log entry, how long it takes, how it ends and what it changes at the end.</summary>
    internal sealed record TaskStep(TaskLogEntry Entry, TimeSpan Duration, string Status, Action<Estate> Apply);
}
