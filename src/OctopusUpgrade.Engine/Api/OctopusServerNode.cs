using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// An Octopus Server node (HA cluster member), from <c>/api/octopusservernodes</c> or the cluster summary.
    /// A node is drained by putting that node, not the server, into maintenance mode. The summary-only fields
    /// (<see cref="IsOffline"/>, <see cref="LastSeen"/>, <see cref="RunningTaskCount"/>) are null in the plain list.
    /// </summary>
    public sealed class OctopusServerNode
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public int MaxConcurrentTasks { get; init; }

        public bool IsInMaintenanceMode { get; init; }

        public bool? IsOffline { get; init; }

        public DateTimeOffset? LastSeen { get; init; }

        public int? RunningTaskCount { get; init; }

        /// <summary>The node's own version where the server reports it (newer servers).</summary>
        public OctopusVersion? Version { get; init; }

        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    }
}
