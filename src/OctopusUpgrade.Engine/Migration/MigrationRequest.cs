using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>What Invoke-OctopusMigration was asked: the 2.6 backup to import and how (the migrator's documented options, facts §5).</summary>
    public sealed record MigrationRequest(string BackupFile)
    {
        /// <summary>The key the backup was encrypted with; null: the Master Key the session's backup set saved.</summary>
        public Secret? MasterKey { get; init; }

        /// <summary><c>--maxage</c>: ignore history older than this many days.</summary>
        public int? MaxAge { get; init; }

        /// <summary><c>--nologs</c>: leave out the raw server log entries (import them later with <see cref="OnlyLogs"/>).</summary>
        public bool NoLogs { get; init; }

        /// <summary><c>--onlylogs</c>: import only the raw server log entries.</summary>
        public bool OnlyLogs { get; init; }

        /// <summary><c>--nooverwrite</c>: data already in the new server wins; only new data is inserted.</summary>
        public bool NoOverwrite { get; init; }

        /// <summary><c>--dry-run</c>: commit nothing, print what would happen; no license is applied.</summary>
        public bool Preview { get; init; }
    }
}
