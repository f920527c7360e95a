using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>What the maintenance step did, each state read back from the server after the change.</summary>
    public sealed record MaintenanceModeOutcome
    {
        public bool WasInMaintenanceMode { get; init; }

        public bool IsInMaintenanceMode { get; init; }

        /// <summary>Nodes whose own maintenance flag was changed (and read back).</summary>
        public IReadOnlyList<string> NodesChanged { get; init; } = Array.Empty<string>();

        public TaskDrainResult? Drain { get; init; }
    }
}
