using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Test-TentacleHealth for one Tentacle: reachable or not, and its version.</summary>
    public sealed class TentacleHealthResult : OctopusUpgradeStepResult
    {
        internal TentacleHealthResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string MachineName { get; internal set; } = string.Empty;

        public string? HealthStatus { get; internal set; }

        public bool IsReachable { get; internal set; }

        public string? TentacleVersion { get; internal set; }

        public int Attempts { get; internal set; }
    }
}
