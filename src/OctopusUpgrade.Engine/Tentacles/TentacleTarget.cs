using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>A selected machine, compact (a large estate keeps only this between reads), with its environments by name.</summary>
    public sealed record TentacleTarget(string Id, string Name)
    {
        public IReadOnlyList<string> EnvironmentIds { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Environments { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Roles { get; init; } = Array.Empty<string>();

        public string? CommunicationStyle { get; init; }

        public bool IsDisabled { get; init; }

        public bool? UpgradeLocked { get; init; }

        /// <summary>The version the server last saw, from the machine document; null on 2.x (only its connection shows it).</summary>
        public OctopusVersion? TentacleVersion { get; init; }

        /// <summary>The machine's <c>Connection</c> link (where 2.x shows the Tentacle's version).</summary>
        public string? ConnectionLink { get; init; }
    }
}
