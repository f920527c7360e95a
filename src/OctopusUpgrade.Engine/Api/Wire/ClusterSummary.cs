using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary><c>/api/octopusservernodes/summary</c>.</summary>
    internal sealed class ClusterSummary
    {
        public List<OctopusServerNode> Nodes { get; set; } = new List<OctopusServerNode>();
    }
}
