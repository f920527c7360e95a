using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Update-OctopusTentacle for one Tentacle: the version before and the version read from outside after.</summary>
    public sealed class TentacleUpgradeResult : OctopusUpgradeStepResult
    {
        internal TentacleUpgradeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string MachineName { get; internal set; } = string.Empty;

        public string MachineId { get; internal set; } = string.Empty;

        public string[] Environments { get; internal set; } = Array.Empty<string>();

        public string? PreviousVersion { get; internal set; }

        /// <summary>The version a health check read after the upgrade (the version before, for a skipped machine).</summary>
        public string? TentacleVersion { get; internal set; }

        /// <summary>True only when the version read afterwards is newer than the version before.</summary>
        public bool Upgraded { get; internal set; }

        /// <summary>Left alone on purpose: upgrade-locked, disabled, already current, or its wave declined.</summary>
        public bool Skipped { get; internal set; }

        /// <summary>The wave it was upgraded in (1-based); 0 when skipped before any wave.</summary>
        public int Wave { get; internal set; }

        public string? TaskId { get; internal set; }

        public string? Message { get; internal set; }
    }
}
