namespace OctopusUpgrade.Sandbox
{
    /// <summary>What every endpoint and middleware needs: the estate, its faults and its task queue.</summary>
    internal sealed record SandboxContext(Estate Estate, SandboxFaults Faults, TaskQueue Queue, string ControlToken)
    {
        /// <summary>Each node's own port (HA nodes are called directly, not through the load balancer), to node name.</summary>
        public System.Collections.Generic.Dictionary<int, string> NodeByPort { get; } = [];
    }
}
