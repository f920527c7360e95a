using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Restore-OctopusDatabase: the database replaced, and its schema history as read back afterwards.</summary>
    public sealed class DatabaseRestoreResult : OctopusUpgradeStepResult
    {
        internal DatabaseRestoreResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        /// <summary>The backup file restored from.</summary>
        public string Path { get; internal set; } = string.Empty;

        public string Database { get; internal set; } = string.Empty;

        public string SqlServer { get; internal set; } = string.Empty;

        /// <summary>Rows in dbo.SchemaVersions after the restore (equal to the manifest's, or the restore failed).</summary>
        public int SchemaScriptCount { get; internal set; }

        public string? LastSchemaScript { get; internal set; }
    }
}
