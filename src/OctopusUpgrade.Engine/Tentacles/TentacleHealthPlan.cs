using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>What planning found: the Tentacles selected, whether that is the whole estate, and the server's generation.</summary>
    public sealed record TentacleHealthPlan(IReadOnlyList<TentacleTarget> Targets, bool Everything, bool Legacy);
}
