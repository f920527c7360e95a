using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>An Octopus Server node. Change it inside <see cref="Estate.Update"/>.</summary>
    public sealed class ServerNode
    {
        internal ServerNode(string name, string version, int maxConcurrentTasks)
        {
            Name = name;
            Version = version;
            MaxConcurrentTasks = maxConcurrentTasks;
        }

        /// <summary>Node id: <c>OctopusServerNodes-</c> plus the node name.</summary>
        public string Id => "OctopusServerNodes-" + Name;

        /// <summary>Node name.</summary>
        public string Name { get; }

        /// <summary>Version of the binaries installed on the node's machine, which it runs when started.</summary>
        public string Version { get; set; }

        /// <summary>Whether the MSI was uninstalled from the node's machine (<c>msiexec /x</c>); <see cref="Version"/> is what was there.</summary>
        public bool Uninstalled { get; set; }

        /// <summary>The node's own Windows service.</summary>
        public OctopusService Service { get; internal set; } = null!;

        /// <summary>The service watchdog on the node's machine, or null.</summary>
        public WatchdogTask? Watchdog { get; set; }

        /// <summary>Whether the node reports to the cluster: not switched off and its service not stopped.</summary>
        public bool IsReporting => !IsOffline && Service.State != ServiceState.Stopped;

        /// <summary>Task cap.</summary>
        public int MaxConcurrentTasks { get; set; }

        /// <summary>Whether the node is draining: it finishes running tasks and picks up no new ones; its ping answers 418.</summary>
        public bool IsInMaintenanceMode { get; set; }

        /// <summary>Whether the node stopped reporting; <see cref="LastSeen"/> freezes.</summary>
        public bool IsOffline { get; set; }

        /// <summary>Last heartbeat, in simulated time.</summary>
        public DateTimeOffset LastSeen { get; set; }
    }
}
