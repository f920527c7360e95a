using System;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What <c>RESTORE HEADERONLY</c> says about a backup file: read from the file by SQL Server, not from what was asked.</summary>
    public sealed record DatabaseBackupHeader
    {
        public string DatabaseName { get; init; } = string.Empty;

        public string? ServerName { get; init; }

        public string? FirstLsn { get; init; }

        public string? LastLsn { get; init; }

        public string? CheckpointLsn { get; init; }

        public string? DatabaseBackupLsn { get; init; }

        public bool IsCopyOnly { get; init; }

        public bool Compressed { get; init; }

        public bool HasBackupChecksums { get; init; }

        public DateTime? BackupFinishDate { get; init; }
    }
}
