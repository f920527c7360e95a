namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>The error ids of upgrading Tentacles and checking their health.</summary>
    public static class TentacleErrorIds
    {
        public const string Prefix = "Tentacle";

        /// <summary>A step not built yet is named for its cmdlet (<see cref="Execution.PendingOperation"/>).</summary>
        public const string InvokeHydraUpgradeNotAvailableYet = "InvokeHydraUpgradeNotAvailableYet";

        public const string TestTentacleHealthNotAvailableYet = "TestTentacleHealthNotAvailableYet";
    }
}
