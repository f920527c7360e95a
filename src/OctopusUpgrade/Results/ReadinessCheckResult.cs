using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>
    /// One result of Test-OctopusUpgradeReadiness per check. Status is Pass, Warn or Fail (a string, so that
    /// <c>$checks.Status | Should -Not -Contain 'Fail'</c> reads naturally); Remedy says what to do when it is not Pass.
    /// </summary>
    public sealed class ReadinessCheckResult : OctopusUpgradeStepResult
    {
        internal ReadinessCheckResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string Name { get; internal set; } = string.Empty;

        /// <summary>Pass, Warn or Fail.</summary>
        public string Status { get; internal set; } = string.Empty;

        public string Detail { get; internal set; } = string.Empty;

        public string? Remedy { get; internal set; }

        public override string ToString() => $"{Name}: {Status}";
    }
}
