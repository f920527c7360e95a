using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Invoke-HydraUpgrade for one Tentacle: the version before and after.</summary>
    public sealed class HydraUpgradeResult : OctopusUpgradeStepResult
    {
        internal HydraUpgradeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string MachineName { get; internal set; } = string.Empty;

        public string? PreviousVersion { get; internal set; }

        public string? TentacleVersion { get; internal set; }

        public bool Upgraded { get; internal set; }

        public string? Message { get; internal set; }
    }
}
