using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Invoke-OctopusMigration: what Octopus.Migrator.exe imported from the 2.6 backup.</summary>
    public sealed class MigrationResult : OctopusUpgradeStepResult
    {
        internal MigrationResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string BackupFile { get; internal set; } = string.Empty;

        public bool Preview { get; internal set; }

        public int ExitCode { get; internal set; }

        public string? LogPath { get; internal set; }
    }
}
