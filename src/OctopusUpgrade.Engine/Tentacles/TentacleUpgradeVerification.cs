namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>
    /// Whether a Tentacle upgraded, judged only from what a health check read from outside afterwards: a higher
    /// version than before. A task's success is never taken as proof.
    /// </summary>
    public static class TentacleUpgradeVerification
    {
        /// <param name="target">The machine.</param>
        /// <param name="state">The machine as read after the verifying check; null when it was not found.</param>
        /// <param name="expectReachable">True for the server that upgraded it (3.x+); false for a 2.6 server after Hydra, which can no longer reach it.</param>
        public static TentacleUpgradeOutcome Judge(TentacleTarget target, MachineState? state, bool expectReachable)
        {
            var previous = target.TentacleVersion;
            if (state is null)
            {
                return new TentacleUpgradeOutcome(target, previous, null, false, "The machine was not found when it was read back after the upgrade");
            }

            if (expectReachable && !state.IsReachable)
            {
                return new TentacleUpgradeOutcome(target, previous, state.TentacleVersion, false, $"The server could not reach it after the upgrade ({state.HealthStatus}{(string.IsNullOrEmpty(state.StatusSummary) ? string.Empty : ": " + state.StatusSummary)})");
            }

            if (!expectReachable && state.IsReachable)
            {
                return new TentacleUpgradeOutcome(target, previous, state.TentacleVersion, false, $"The 2.x server still reaches it ({state.HealthStatus}), so it still runs a 2.x Tentacle");
            }

            if (state.TentacleVersion is null)
            {
                return new TentacleUpgradeOutcome(target, previous, null, false, "Its Tentacle version could not be read after the upgrade, so the upgrade is not proven");
            }

            if (previous is null || state.TentacleVersion > previous)
            {
                return new TentacleUpgradeOutcome(target, previous, state.TentacleVersion, true, $"Upgraded from {previous?.ToString() ?? "an unknown version"} to {state.TentacleVersion}");
            }

            if (state.TentacleVersion == previous && state.UpgradeSuggested == false)
            {
                return new TentacleUpgradeOutcome(target, previous, state.TentacleVersion, false, $"Already runs the server's Tentacle ({previous}); nothing to upgrade") { Skipped = true };
            }

            return new TentacleUpgradeOutcome(target, previous, state.TentacleVersion, false, $"Still runs Tentacle {state.TentacleVersion}");
        }
    }
}
