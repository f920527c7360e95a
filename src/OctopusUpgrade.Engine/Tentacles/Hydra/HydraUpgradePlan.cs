using System.Collections.Generic;
using OctopusUpgrade.Engine.Api;

namespace OctopusUpgrade.Engine.Tentacles.Hydra
{
    /// <summary>
    /// What planning found and decided: the package and mapping, the waves (canary first when asked), and what already
    /// exists on the server (null: to be created), so a second run reuses it and -WhatIf says which calls would be made.
    /// </summary>
    public sealed record HydraUpgradePlan(HydraPackage Package, HydraServerMapping Mapping, IReadOnlyList<IReadOnlyList<TentacleTarget>> Waves)
    {
        public bool PackageInFeed { get; init; }

        public OctopusActionTemplate? Template { get; init; }

        public OctopusLifecycle? Lifecycle { get; init; }

        public OctopusProject? Project { get; init; }

        /// <summary>Every environment a wave deploys to, by id.</summary>
        public IReadOnlyList<string> EnvironmentIds { get; init; } = new List<string>();

        /// <summary>The roles the Hydra step targets: every role of the selected Tentacles.</summary>
        public IReadOnlyList<string> Roles { get; init; } = new List<string>();
    }
}
