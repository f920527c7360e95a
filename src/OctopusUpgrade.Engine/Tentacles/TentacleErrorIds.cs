namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>The error ids of upgrading Tentacles and checking their health.</summary>
    public static class TentacleErrorIds
    {
        public const string Prefix = "Tentacle";

        /// <summary>-Environment names an environment the server does not have.</summary>
        public const string EnvironmentNotFound = "TentacleEnvironmentNotFound";

        /// <summary>-MachineName (without wildcards) names no Tentacle (non-terminating).</summary>
        public const string MachineNotFound = "TentacleMachineNotFound";

        /// <summary>The selection holds no Tentacle at all.</summary>
        public const string NoMachinesSelected = "TentacleNoMachinesSelected";

        /// <summary>-ExpectedVersion is not a version.</summary>
        public const string ExpectedVersionInvalid = "TentacleExpectedVersionInvalid";

        /// <summary>A machine did not meet the health check's expectation (non-terminating, one per machine).</summary>
        public const string HealthExpectationFailed = "TentacleHealthExpectationFailed";

        /// <summary>Update-OctopusTentacle on a 2.x server, which has no Upgrade task for 3.x Tentacles: use Invoke-HydraUpgrade.</summary>
        public const string UpgradeNeedsModernServer = "TentacleUpgradeNeedsModernServer";

        /// <summary>A machine did not upgrade, as read from outside afterwards (non-terminating, one per machine).</summary>
        public const string NotUpgraded = "TentacleNotUpgraded";

        /// <summary>-ServerMapping is not a polling address or old=&gt;new pairs of absolute URLs ending in '/'.</summary>
        public const string ServerMappingInvalid = "TentacleServerMappingInvalid";

        /// <summary>-BatchSize below 1.</summary>
        public const string BatchSizeInvalid = "TentacleBatchSizeInvalid";

        /// <summary>The Health task was cancelled or timed out on the server, so no machine's state can be trusted.</summary>
        public const string HealthCheckFailed = "TentacleHealthCheckFailed";
    }
}
