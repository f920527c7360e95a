using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Tentacles.Hydra
{
    /// <summary>What <c>Invoke-HydraUpgrade</c> was asked: the package, the mapping, which Tentacles, which first.</summary>
    public sealed record HydraUpgradeRequest
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

        /// <summary>Hydra's scheduled task runs a minute after the deployment (SC:using-hydra); half a minute more covers the MSI.</summary>
        public static readonly TimeSpan DefaultVerifyDelay = TimeSpan.FromSeconds(90);

        public const int DefaultVerifyRetryCount = 3;

        public static readonly TimeSpan DefaultVerifyRetryInterval = TimeSpan.FromSeconds(30);

        public string PackagePath { get; init; } = string.Empty;

        /// <summary>Hydra's ServerMapping as given (validated by <see cref="HydraServerMapping"/>); empty for listening-only estates.</summary>
        public string? ServerMapping { get; init; }

        /// <summary>Machine names (PowerShell wildcards); empty for every Tentacle.</summary>
        public IReadOnlyList<string> MachineNames { get; init; } = Array.Empty<string>();

        /// <summary>Environment names (PowerShell wildcards); empty for every environment.</summary>
        public IReadOnlyList<string> Environments { get; init; } = Array.Empty<string>();

        /// <summary>Roles whose Tentacles are upgraded and verified first; the rest follow only when they all verified.</summary>
        public IReadOnlyList<string> CanaryRoles { get; init; } = Array.Empty<string>();

        /// <summary>Environments (names, wildcards) whose Tentacles are upgraded and verified first.</summary>
        public IReadOnlyList<string> CanaryEnvironments { get; init; } = Array.Empty<string>();

        /// <summary>How long each Deploy task may take.</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;

        /// <summary>How long after the deployment the first verifying health check runs.</summary>
        public TimeSpan VerifyDelay { get; init; } = DefaultVerifyDelay;

        /// <summary>How many more checks a Tentacle that has not shown its new version yet gets.</summary>
        public int VerifyRetryCount { get; init; } = DefaultVerifyRetryCount;

        public TimeSpan VerifyRetryInterval { get; init; } = DefaultVerifyRetryInterval;

        /// <summary>The verifying Health task's own timeout.</summary>
        public TimeSpan HealthCheckTimeout { get; init; } = TentacleHealthRequest.DefaultTimeout;
    }
}
