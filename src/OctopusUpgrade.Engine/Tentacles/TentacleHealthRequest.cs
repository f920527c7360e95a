using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>What <c>Test-TentacleHealth</c> was asked: which Tentacles, what to expect, how patiently.</summary>
    public sealed record TentacleHealthRequest
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

        public static readonly TimeSpan DefaultRetryInterval = TimeSpan.FromSeconds(30);

        public const int DefaultRetryCount = 3;

        /// <summary>Machine names (PowerShell wildcards); empty for every Tentacle.</summary>
        public IReadOnlyList<string> MachineNames { get; init; } = Array.Empty<string>();

        /// <summary>Environment names (PowerShell wildcards); empty for every environment.</summary>
        public IReadOnlyList<string> Environments { get; init; } = Array.Empty<string>();

        public TentacleExpectation Expect { get; init; } = TentacleExpectation.Reachable;

        /// <summary>The lowest Tentacle version that passes; null for any.</summary>
        public OctopusVersion? MinimumVersion { get; init; }

        /// <summary>How many more checks a machine that fails its expectation gets.</summary>
        public int RetryCount { get; init; } = DefaultRetryCount;

        public TimeSpan RetryInterval { get; init; } = DefaultRetryInterval;

        /// <summary>The Health task's timeout (each attempt).</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;
    }
}
