using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary><c>/api/licenses/licenses-current-status</c>: whether the license allows running (and upgrading).</summary>
    public sealed class OctopusLicenseStatus
    {
        public bool IsCompliant { get; init; }

        public string? ComplianceSummary { get; init; }

        /// <summary>Kept as the server's text: documented examples are not always dates.</summary>
        public string? EffectiveExpiryDate { get; init; }

        public int? DaysToEffectiveExpiryDate { get; init; }

        public bool DoesExpiryBlockKeyActivities { get; init; }

        public IReadOnlyList<OctopusLicenseMessage> Messages { get; init; } = Array.Empty<OctopusLicenseMessage>();
    }
}
