namespace OctopusUpgrade.Sandbox
{
    /// <summary>An Octopus Server node of an HA cluster (a single server is a one-node cluster).</summary>
    public sealed class NodeDescription
    {
        /// <summary>Node name (the machine name in real life).</summary>
        public string Name { get; set; } = "OCTOPUS01";

        /// <summary>Task cap; the documented default is 5.</summary>
        public int MaxConcurrentTasks { get; set; } = 5;

        /// <summary>Whether the node is draining (node-level maintenance mode).</summary>
        public bool IsInMaintenanceMode { get; set; }

        /// <summary>Deployments already running on the node when the estate starts; each ends after <see cref="TaskDurations.DeploymentSeconds"/>.</summary>
        public int RunningTasks { get; set; }

        /// <summary>Whether the node has stopped reporting (its <c>LastSeen</c> lies in the past).</summary>
        public bool IsOffline { get; set; }

        /// <summary>Version the node runs; null means the estate's server version.</summary>
        public string? Version { get; set; }

        /// <summary>The service watchdog's interval in minutes on the node's machine; null when there is no watchdog.</summary>
        public int? WatchdogIntervalMinutes { get; set; }
    }
}
