using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>The backup set's header in a sandbox backup file (what <c>RESTORE HEADERONLY</c> reports).</summary>
    internal sealed class BackupHeader
    {
        public string DatabaseName { get; set; } = "";

        public string ServerName { get; set; } = "";

        public string SoftwareVersion { get; set; } = "";

        public string? BackupName { get; set; }

        public string? Description { get; set; }

        public DateTimeOffset BackupStart { get; set; }

        public DateTimeOffset BackupFinish { get; set; }

        public decimal FirstLsn { get; set; }

        public decimal LastLsn { get; set; }

        public decimal CheckpointLsn { get; set; }

        public decimal DatabaseBackupLsn { get; set; }

        public bool IsCopyOnly { get; set; }

        public bool HasChecksums { get; set; }

        public bool Compressed { get; set; }

        public string RecoveryModel { get; set; } = "SIMPLE";

        public string UserAccess { get; set; } = "MULTI_USER";

        public long Pages { get; set; }

        public DateTime DatabaseCreationDate { get; set; }
    }
}
