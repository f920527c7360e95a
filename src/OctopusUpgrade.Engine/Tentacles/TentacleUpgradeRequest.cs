using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>What <c>Update-OctopusTentacle</c> was asked: which Tentacles, in what waves, how patiently.</summary>
    public sealed record TentacleUpgradeRequest
    {
        public const int DefaultBatchSize = 20;

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

        public IReadOnlyList<string> MachineNames { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Environments { get; init; } = Array.Empty<string>();

        /// <summary>Machines per Upgrade task.</summary>
        public int BatchSize { get; init; } = DefaultBatchSize;

        public TentacleWaveGrouping WaveBy { get; init; } = TentacleWaveGrouping.Environment;

        /// <summary>How long each wave's Upgrade task may take, waiting behind deployments included.</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;

        /// <summary>The verifying health check's own timeout.</summary>
        public TimeSpan HealthCheckTimeout { get; init; } = TentacleHealthRequest.DefaultTimeout;
    }
}
