using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.ServerNodes
{
    /// <summary>What planning found on the node's machine: its name, its watchdog, and (starting) the installed version.</summary>
    /// <param name="NodeName">The node's name in the cluster (<c>Octopus.Server.NodeName</c>).</param>
    /// <param name="Watchdog">Stopping: the watchdog found, to delete; starting: the one remembered, to recreate. Null: none.</param>
    /// <param name="InstalledVersion">Starting: the version of the installed binaries, which /api must report; null when stopping.</param>
    public sealed record ServerNodePlan(string NodeName, ServerWatchdog? Watchdog, OctopusVersion? InstalledVersion);
}
