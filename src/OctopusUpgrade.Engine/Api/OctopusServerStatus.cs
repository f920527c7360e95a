using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary><c>/api/serverstatus</c>.</summary>
    public sealed class OctopusServerStatus
    {
        public bool IsDatabaseEncrypted { get; init; }

        public bool IsUpgradeAvailable { get; init; }

        public OctopusVersion? MaximumAvailableVersion { get; init; }

        public OctopusVersion? MaximumAvailableVersionCoveredByLicense { get; init; }

        /// <summary>When the license's upgrade entitlement ends, in the server's own wording (e.g. <c>2/20/2019</c>).</summary>
        public string? MaintenanceExpires { get; init; }

        public bool IsInMaintenanceMode { get; init; }

        public bool IsMajorMinorUpgrade { get; init; }

        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    }
}
