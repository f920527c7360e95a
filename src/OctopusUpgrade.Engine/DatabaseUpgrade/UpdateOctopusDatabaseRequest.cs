using System;

namespace OctopusUpgrade.Engine.DatabaseUpgrade
{
    /// <summary>What Update-OctopusDatabase was asked.</summary>
    public sealed record UpdateOctopusDatabaseRequest
    {
        /// <summary>Upgrades take one to thirty minutes (facts §6); a large database's longest scripts more.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(2);

        /// <summary><c>--skipLicenseCheck</c>: lets through an upgrade that would leave the license non-compliant.</summary>
        public bool SkipLicenseCheck { get; init; }

        /// <summary>Upgrades although the cluster reports other nodes running.</summary>
        public bool Force { get; init; }

        public TimeSpan Timeout { get; init; } = DefaultTimeout;
    }
}
