namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>The error ids of importing a 2.6 backup with Octopus.Migrator.exe and removing the 2.6 data afterwards.</summary>
    public static class MigrationErrorIds
    {
        public const string Prefix = "Migration";

        /// <summary>The .octobak given does not exist.</summary>
        public const string BackupFileNotFound = "MigrationBackupFileNotFound";

        /// <summary>No -MasterKey, and the session's backup set saved none.</summary>
        public const string MasterKeyMissing = "MigrationMasterKeyMissing";

        /// <summary>Options the migrator refuses together (-NoLogs with -OnlyLogs), or a -MaxAge below one day.</summary>
        public const string OptionsInvalid = "MigrationOptionsInvalid";

        /// <summary>The session's server is still 2.x: the migrator imports into 3.x or later.</summary>
        public const string ServerIsLegacy = "MigrationServerIsLegacy";

        /// <summary>The session does not know where Octopus is installed, so the migrator cannot be found.</summary>
        public const string InstallPathUnknown = "MigrationInstallPathUnknown";

        /// <summary>The migrator succeeded, but the new server's API lacks environments, machines or projects the backup held.</summary>
        public const string NotVerified = "MigrationNotVerified";

        /// <summary>A preview (--dry-run) changed what the new server's API lists.</summary>
        public const string PreviewChangedData = "MigrationPreviewChangedData";

        /// <summary>The saved license was applied, but the API reports another one.</summary>
        public const string LicenseNotApplied = "MigrationLicenseNotApplied";

        /// <summary>Remove-OctopusLegacyData without a journal showing the migration and the package copy succeeded (and no -Force).</summary>
        public const string LegacyDataStillNeeded = "MigrationLegacyDataStillNeeded";

        /// <summary>Remove-OctopusLegacyData without a 2.6 home folder to remove from.</summary>
        public const string LegacyHomeUnknown = "MigrationLegacyHomeUnknown";

        /// <summary>A 2.6 folder is still on disk after it was removed.</summary>
        public const string LegacyDataNotRemoved = "MigrationLegacyDataNotRemoved";
    }
}
