using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>
    /// The result of Backup-OctopusDatabase: one verified, copy-only backup of the Octopus database (or, on 2.x, the
    /// .octobak), in a backup set whose manifest (<see cref="Manifest"/>) Restore-OctopusDatabase takes.
    /// </summary>
    public sealed class DatabaseBackupResult : OctopusUpgradeStepResult
    {
        internal DatabaseBackupResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        /// <summary>The database backup file (.bak), or on 2.x the .octobak.</summary>
        public string Path { get; internal set; } = string.Empty;

        public string Database { get; internal set; } = string.Empty;

        public string SqlServer { get; internal set; } = string.Empty;

        public long SizeBytes { get; internal set; }

        public bool Verified { get; internal set; }

        public bool CopyOnly { get; internal set; }

        /// <summary>SHA-256 of <see cref="Path"/> (hex).</summary>
        public string Sha256 { get; internal set; } = string.Empty;

        /// <summary>The backup set's manifest.json, which Restore-OctopusDatabase binds by property name.</summary>
        public string Manifest { get; internal set; } = string.Empty;

        public string SetFolder { get; internal set; } = string.Empty;

        public string? ServerVersion { get; internal set; }

        public string? LastSchemaScript { get; internal set; }

        /// <summary>The first LSN RESTORE HEADERONLY reads from the file.</summary>
        public string? FirstLsn { get; internal set; }

        public string? LastLsn { get; internal set; }

        /// <summary>Every file of the set: the database, the Master Key, the license, the configuration, the server folders.</summary>
        public OctopusUpgradeBackup[] Files { get; internal set; } = Array.Empty<OctopusUpgradeBackup>();
    }
}
