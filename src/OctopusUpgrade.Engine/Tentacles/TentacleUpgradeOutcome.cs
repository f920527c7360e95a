using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>
    /// One Tentacle after an upgrade: the version before, the version a health check read from outside afterwards,
    /// and whether that proves it upgraded. Skipped machines (upgrade-locked, disabled) say why.
    /// </summary>
    public sealed record TentacleUpgradeOutcome(TentacleTarget Machine, OctopusVersion? PreviousVersion, OctopusVersion? TentacleVersion, bool Upgraded, string Message)
    {
        /// <summary>Left alone on purpose (upgrade-locked, disabled, already current): not a failure.</summary>
        public bool Skipped { get; init; }

        /// <summary>1-based wave; 0 when skipped before any wave.</summary>
        public int Wave { get; init; }

        /// <summary>The server task that upgraded it (Upgrade task, or the Hydra deployment's task).</summary>
        public string? TaskId { get; init; }
    }
}
