using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Remove-OctopusLegacyData: the 2.6 folders removed (each checked gone from disk) and the space freed.</summary>
    public sealed class LegacyDataRemovalResult : OctopusUpgradeStepResult
    {
        internal LegacyDataRemovalResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string HomePath { get; internal set; } = string.Empty;

        /// <summary>The full paths removed.</summary>
        public string[] Removed { get; internal set; } = Array.Empty<string>();

        public long FreedBytes { get; internal set; }
    }
}
