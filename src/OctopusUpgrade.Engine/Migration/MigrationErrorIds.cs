namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>The error ids of importing a 2.6 backup with Octopus.Migrator.exe.</summary>
    public static class MigrationErrorIds
    {
        public const string Prefix = "Migration";

        /// <summary>A step not built yet is named for its cmdlet (<see cref="Execution.PendingOperation"/>).</summary>
        public const string InvokeOctopusMigrationNotAvailableYet = "InvokeOctopusMigrationNotAvailableYet";
    }
}
