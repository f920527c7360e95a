using System;
using System.Linq;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>One Tentacle after an upgrade step: the version before and the version read from outside after.</summary>
    public abstract class MachineUpgradeResult : OctopusUpgradeStepResult
    {
        private protected MachineUpgradeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended, TentacleUpgradeOutcome outcome)
            : base(session, started, ended)
        {
            MachineName = outcome.Machine.Name;
            MachineId = outcome.Machine.Id;
            Environments = outcome.Machine.Environments.ToArray();
            PreviousVersion = outcome.PreviousVersion?.ToString();
            TentacleVersion = outcome.TentacleVersion?.ToString();
            Upgraded = outcome.Upgraded;
            Skipped = outcome.Skipped;
            Wave = outcome.Wave;
            TaskId = outcome.TaskId;
            Message = outcome.Message;
        }

        public string MachineName { get; }

        public string MachineId { get; }

        public string[] Environments { get; }

        public string? PreviousVersion { get; }

        /// <summary>The version a health check read after the upgrade (the version before, for a skipped machine).</summary>
        public string? TentacleVersion { get; }

        /// <summary>True only when what was read afterwards proves the upgrade: a newer version than before.</summary>
        public bool Upgraded { get; }

        /// <summary>Left alone on purpose: upgrade-locked, disabled, already current, or its wave declined.</summary>
        public bool Skipped { get; }

        /// <summary>The wave it was upgraded in (1-based); 0 when skipped before any wave.</summary>
        public int Wave { get; }

        /// <summary>The server task that upgraded it: the Upgrade task, or the Hydra deployment's Deploy task.</summary>
        public string? TaskId { get; }

        public string? Message { get; }
    }
}
