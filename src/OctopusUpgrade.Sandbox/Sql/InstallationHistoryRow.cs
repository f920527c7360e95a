using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A row of <c>dbo.OctopusServerInstallationHistory</c>.</summary>
    public sealed class InstallationHistoryRow
    {
        /// <summary>The Octopus Server version installed.</summary>
        public string Version { get; set; } = "";

        /// <summary>When it was installed.</summary>
        public DateTimeOffset Installed { get; set; }

        /// <summary>The node it was installed on.</summary>
        public string Node { get; set; } = "";
    }
}
