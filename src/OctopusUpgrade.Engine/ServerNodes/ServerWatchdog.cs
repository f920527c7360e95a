namespace OctopusUpgrade.Engine.ServerNodes
{
    /// <summary>
    /// The service watchdog as a node had it (<c>Octopus.Watchdog.Instances</c> and <c>.Interval</c> in minutes), kept
    /// in the session's facts between Stop-OctopusServerNode, which deletes it, and Start-OctopusServerNode, which
    /// recreates it the same way.
    /// </summary>
    public sealed record ServerWatchdog(string Instances, int IntervalMinutes);
}
