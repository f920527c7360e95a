namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>What <c>Test-OctopusUpgradeReadiness</c> was asked.</summary>
    public sealed record TestOctopusUpgradeReadinessRequest
    {
        /// <summary>The version to upgrade to (null: the session's target version).</summary>
        public string? TargetVersion { get; init; }

        /// <summary>Where the backup will go, to compare its free space with the database (null: the database's own volume, as SQL Server reports it).</summary>
        public string? BackupPath { get; init; }
    }
}
