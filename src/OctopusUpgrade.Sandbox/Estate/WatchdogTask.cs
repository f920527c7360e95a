namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The service watchdog on a node's machine (a scheduled task that starts stopped Octopus services): which instances
    /// it watches and how often, in minutes. Left in place during an upgrade, it restarts a service the upgrade stopped.
    /// </summary>
    public sealed record WatchdogTask(string Instances, int IntervalMinutes);
}
