namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>The error ids of maintenance mode and draining tasks.</summary>
    public static class MaintenanceErrorIds
    {
        public const string Prefix = "Maintenance";

        /// <summary>A step not built yet is named for its cmdlet (<see cref="Execution.PendingOperation"/>).</summary>
        public const string EnableMaintenanceModeNotAvailableYet = "EnableMaintenanceModeNotAvailableYet";
    }
}
