using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>The installed license.</summary>
    public sealed class LicenseDescription
    {
        /// <summary>Whether usage is within the license limits.</summary>
        public bool IsCompliant { get; set; } = true;

        /// <summary>End of the maintenance (upgrade) period; upgrading past it to a version released later is not covered.</summary>
        public DateTimeOffset ExpiryDate { get; set; } = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>License serial number.</summary>
        public string SerialNumber { get; set; } = "1-SANDBOX-LICENSE";

        /// <summary>Whether the license is a trial.</summary>
        public bool IsTrial { get; set; }
    }
}
