using System;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What <c>Backup-OctopusDatabase</c> was asked.</summary>
    public sealed record BackupOctopusDatabaseRequest
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(2);

        /// <summary>The folder the backup set goes under (null: a Backups folder beside the journal). SQL Server writes the .bak there itself, so the path must mean the same folder on the SQL Server's machine.</summary>
        public string? Path { get; init; }

        /// <summary>WITH COMPRESSION; refused on editions without it.</summary>
        public bool Compress { get; init; }

        /// <summary>Skip RESTORE VERIFYONLY (the header is still read back).</summary>
        public bool NoVerify { get; init; }

        /// <summary>COPY_ONLY, so the DBA's differential base is untouched: the default.</summary>
        public bool CopyOnly { get; init; } = true;

        public bool SkipMasterKey { get; init; }

        public bool SkipLicense { get; init; }

        public bool SkipConfiguration { get; init; }

        /// <summary>How long the 2.x Backup task may take.</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;

        /// <summary>How often the 2.x Backup task is polled at first (the interval doubles up to ten times this).</summary>
        public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// 2.x only: the folder the server's Backup task writes its .octobak to, when an administrator changed it on the
        /// Backup tab of the Configuration page (null: the home folder's <c>Backup</c>, the 2.6 default). The 2.x API does not
        /// expose that setting, so it cannot be read.
        /// </summary>
        public string? LegacyBackupFolder { get; init; }

        /// <summary>Also copy the server folders <c>/api/configuration/server-folders</c> names.</summary>
        public bool IncludeFolders { get; init; }
    }
}
