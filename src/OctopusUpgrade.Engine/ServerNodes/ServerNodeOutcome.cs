using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.ServerNodes
{
    /// <summary>What Stop- or Start-OctopusServerNode left, each part read back from outside the command that changed it.</summary>
    public sealed record ServerNodeOutcome(string NodeName)
    {
        /// <summary>Whether the API shows the node draining (it takes no new tasks).</summary>
        public bool IsDrained { get; init; }

        /// <summary>Whether the node's service answers (after starting: /api answered with <see cref="Version"/>).</summary>
        public bool IsRunning { get; init; }

        /// <summary>The version /api answered with after starting; null after stopping.</summary>
        public OctopusVersion? Version { get; init; }

        /// <summary>The watchdog deleted (stopping) or recreated (starting); null when there was none.</summary>
        public ServerWatchdog? Watchdog { get; init; }
    }
}
