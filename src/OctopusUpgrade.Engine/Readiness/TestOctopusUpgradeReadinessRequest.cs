namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>What <c>Test-OctopusUpgradeReadiness</c> was asked.</summary>
    public sealed record TestOctopusUpgradeReadinessRequest
    {
        /// <summary>The version to upgrade to (null: the session's target version).</summary>
        public string? TargetVersion { get; init; }

        /// <summary>Where the backup will go, to compare its free space with the database (null: the database's own volume, as SQL Server reports it).</summary>
        public string? BackupPath { get; init; }

        /// <summary>
        /// Also run the server's SystemIntegrityCheck task and wait for it. Optional because it queues a task (which only
        /// reads, but shows in the task list) and can take minutes on a large database.
        /// </summary>
        public bool SystemIntegrityCheck { get; init; }

        /// <summary>How long the SystemIntegrityCheck task may take before the check is reported as not made (the task is left running).</summary>
        public System.TimeSpan SystemIntegrityCheckTimeout { get; init; } = DefaultSystemIntegrityCheckTimeout;

        /// <summary>How often the SystemIntegrityCheck task is polled at first (the interval doubles up to ten times this).</summary>
        public System.TimeSpan PollInterval { get; init; } = System.TimeSpan.FromSeconds(1);

        public static readonly System.TimeSpan DefaultSystemIntegrityCheckTimeout = System.TimeSpan.FromMinutes(30);
    }
}
