using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Api;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// What a re-index of the built-in feed needs: the server's install folder and instance (to restart its service)
    /// and every package the feed must list afterwards.
    /// </summary>
    public sealed record PackageReindexRequest(string InstallPath, string InstanceName, IReadOnlyList<OctopusPackage> ExpectedPackages)
    {
        /// <summary>Octopus documents 5–20 minutes for a large feed; twice the top of that before giving up.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(40);

        /// <summary>Often enough that the wait ends soon after the index does, rarely enough not to load the server.</summary>
        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

        public TimeSpan Timeout { get; init; } = DefaultTimeout;

        /// <summary>How often the feed's packages are read while the index catches up.</summary>
        public TimeSpan PollInterval { get; init; } = DefaultPollInterval;
    }
}
