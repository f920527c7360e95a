using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Api;

namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>What planning found: the state now, what differs from the state asked for, and the tasks active now.</summary>
    public sealed record MaintenanceModePlan(bool WasInMaintenanceMode, bool ChangeServer)
    {
        /// <summary>The named nodes as found; those whose flag differs from the one asked for are changed.</summary>
        public IReadOnlyList<OctopusServerNode> Nodes { get; init; } = Array.Empty<OctopusServerNode>();

        /// <summary>Disable-MaintenanceMode leaves it on: the session found it on, and -Force was not given.</summary>
        public bool LeftOnAsFound { get; init; }

        public int ActiveTasks { get; init; }
    }
}
