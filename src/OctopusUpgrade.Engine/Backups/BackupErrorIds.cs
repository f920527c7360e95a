namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>The error ids of backing up and restoring the database, Master Key, license and server folders.</summary>
    public static class BackupErrorIds
    {
        public const string Prefix = "Backup";

        /// <summary>SQL Server could not open the backup file (3201): its service account lacks rights, or the folder is not there as the server sees it.</summary>
        public const string DeviceNotOpened = "BackupDeviceNotOpened";

        /// <summary>Azure SQL Database takes no BACKUP TO DISK.</summary>
        public const string AzureSqlDatabase = "BackupAzureSqlDatabase";

        /// <summary>BACKUP DATABASE failed for another reason (the SQL Server error is in the message).</summary>
        public const string DatabaseBackupFailed = "BackupDatabaseBackupFailed";

        /// <summary>RESTORE VERIFYONLY found the backup damaged or unreadable.</summary>
        public const string VerifyFailed = "BackupVerifyFailed";

        /// <summary>The backup's header (RESTORE HEADERONLY) does not say what the backup was asked to be.</summary>
        public const string HeaderMismatch = "BackupHeaderMismatch";

        /// <summary>The backup file SQL Server wrote is not visible from this machine at the same path.</summary>
        public const string FileNotVisible = "BackupFileNotVisible";

        /// <summary>-Compress on an edition without backup compression (Express).</summary>
        public const string CompressionNotSupported = "BackupCompressionNotSupported";

        /// <summary>The Master Key or configuration needs Octopus.Server.exe, but the session does not know the install folder.</summary>
        public const string InstallPathUnknown = "BackupInstallPathUnknown";

        /// <summary>show-master-key printed no key.</summary>
        public const string MasterKeyMissing = "BackupMasterKeyMissing";

        /// <summary>The server returned no license text.</summary>
        public const string LicenseMissing = "BackupLicenseMissing";

        /// <summary>The manifest cannot be read, or names no database backup.</summary>
        public const string ManifestInvalid = "BackupManifestInvalid";

        /// <summary>A file of the backup set no longer has the SHA-256 the manifest recorded.</summary>
        public const string HashMismatch = "BackupHashMismatch";

        /// <summary>RESTORE DATABASE failed (the SQL Server error is in the message); the database was set back to MULTI_USER.</summary>
        public const string RestoreFailed = "BackupRestoreFailed";

        /// <summary>The restored database's schema history is not the one the manifest recorded.</summary>
        public const string RestoreSchemaMismatch = "BackupRestoreSchemaMismatch";

        /// <summary>The 2.x Backup task did not leave a new .octobak in the backup folder.</summary>
        public const string LegacyBackupNotFound = "BackupLegacyBackupNotFound";

        /// <summary>A file of the set could not be read or written.</summary>
        public const string CopyFailed = "BackupCopyFailed";

        /// <summary>The backup folder's volume filled up while a file was copied into it.</summary>
        public const string CopyDiskFull = "BackupCopyDiskFull";

        /// <summary>A file changed while it was copied into the set.</summary>
        public const string CopySourceChanged = "BackupCopySourceChanged";

        /// <summary>A copied file did not read back equal to its source.</summary>
        public const string CopyVerificationFailed = "BackupCopyVerificationFailed";

        /// <summary>The session names no Octopus database to back up or restore.</summary>
        public const string DatabaseUnknown = "BackupDatabaseUnknown";
    }
}
