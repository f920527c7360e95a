using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Backup-OctopusDatabase: one verified, copy-only backup of the Octopus database.</summary>
    public sealed class DatabaseBackupResult : OctopusUpgradeStepResult
    {
        internal DatabaseBackupResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string Path { get; internal set; } = string.Empty;

        public string Database { get; internal set; } = string.Empty;

        public string SqlServer { get; internal set; } = string.Empty;

        public long SizeBytes { get; internal set; }

        public bool Verified { get; internal set; }

        public bool CopyOnly { get; internal set; }
    }
}
