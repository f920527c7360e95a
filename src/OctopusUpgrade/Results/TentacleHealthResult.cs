using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Test-TentacleHealth for one Tentacle: its state as read from the server after the check, and whether it met the expectation.</summary>
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

        public string MachineId { get; internal set; } = string.Empty;

        public string[] Environments { get; internal set; } = System.Array.Empty<string>();

        public string[] Roles { get; internal set; } = System.Array.Empty<string>();

        /// <summary>TentaclePassive (listening) or TentacleActive (polling).</summary>
        public string? CommunicationStyle { get; internal set; }

        /// <summary>Whether the machine met -Expect and -ExpectedVersion; false also for a disabled machine, which is not checked.</summary>
        public bool Passed { get; internal set; }

        /// <summary>Why it passed or, when it did not, what was found instead.</summary>
        public string Reason { get; internal set; } = string.Empty;
    }
}
