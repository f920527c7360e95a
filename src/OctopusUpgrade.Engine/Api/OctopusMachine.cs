using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// A deployment target or worker, normalised from every server generation: 2.x kept <c>CommunicationStyle</c>,
    /// <c>Uri</c>, <c>Thumbprint</c> and <c>Status</c> at the top level; 3.x moved them under <c>Endpoint</c> and added
    /// <c>TentacleVersionDetails</c>; 2018.x+ added <c>HealthStatus</c>. Fields a server did not send are null.
    /// </summary>
    public sealed class OctopusMachine
    {
        public const string ListeningTentacle = "TentaclePassive";

        public const string PollingTentacle = "TentacleActive";

        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        /// <summary>True for a worker (from <c>/workers</c>), false for a deployment target.</summary>
        public bool IsWorker { get; init; }

        public string? SpaceId { get; init; }

        public IReadOnlyList<string> EnvironmentIds { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Roles { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> WorkerPoolIds { get; init; } = Array.Empty<string>();

        /// <summary><c>TentaclePassive</c> (listening), <c>TentacleActive</c> (polling), <c>Ssh</c>, <c>None</c>…</summary>
        public string? CommunicationStyle { get; init; }

        /// <summary>Listening: <c>https://host:10933/</c>; polling: <c>poll://subscription/</c>.</summary>
        public string? Uri { get; init; }

        public string? Thumbprint { get; init; }

        public bool IsDisabled { get; init; }

        /// <summary><c>Healthy</c>, <c>Unavailable</c>, <c>Unknown</c>, <c>HasWarnings</c>, <c>Unhealthy</c>; null before 2018.x.</summary>
        public string? HealthStatus { get; init; }

        /// <summary>The older status (<c>Online</c>, <c>Offline</c>, <c>NeedsUpgrade</c>…): the only one 2.x and 3.x report.</summary>
        public string? Status { get; init; }

        public string? StatusSummary { get; init; }

        /// <summary>The Tentacle version the server last saw; null for 2.x servers and non-Tentacle targets.</summary>
        public OctopusVersion? TentacleVersion { get; init; }

        public bool? UpgradeSuggested { get; init; }

        public bool? UpgradeRequired { get; init; }

        public bool? UpgradeLocked { get; init; }

        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();

        /// <summary>Listening or polling Tentacle: the only kinds an Upgrade task or Hydra can upgrade.</summary>
        public bool IsTentacle =>
            string.Equals(CommunicationStyle, ListeningTentacle, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(CommunicationStyle, PollingTentacle, StringComparison.OrdinalIgnoreCase);
    }
}
