using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>The waves of Tentacles to upgrade, in order, and the machines left out with their reason.</summary>
    public sealed record TentacleUpgradePlan(IReadOnlyList<IReadOnlyList<TentacleTarget>> Waves, IReadOnlyList<TentacleUpgradeOutcome> Skipped);
}
