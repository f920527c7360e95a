namespace OctopusUpgrade.Engine.DatabaseUpgrade
{
    /// <summary>The error ids of upgrading the Octopus database (Update-OctopusDatabase).</summary>
    public static class DatabaseUpgradeErrorIds
    {
        public const string Prefix = "DatabaseUpgrade";

        /// <summary>One or more of <c>database --upgrade</c>'s pre-conditions failed; nothing was changed.</summary>
        public const string PreconditionFailed = "DatabaseUpgradePreconditionFailed";

        /// <summary>Other HA nodes still run (the cluster's node summary), and -Force was not given.</summary>
        public const string NodesRunning = "DatabaseUpgradeNodesRunning";

        /// <summary>The tool reported success, yet <c>dbo.SchemaVersions</c> read back shows no new script.</summary>
        public const string NotVerified = "DatabaseUpgradeNotVerified";
    }
}
