using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Backups;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>What Invoke-OctopusMigration did, each part read back through the new server's API.</summary>
    public sealed record MigrationOutcome(string BackupFile, bool Preview, int ExitCode, string CommandLine, TimeSpan Elapsed)
    {
        /// <summary>What the new server lists after the import.</summary>
        public EstateInventory After { get; init; } = new();

        /// <summary>What the backup was known to hold, or null when its set's manifest was not found.</summary>
        public EstateInventory? Expected { get; init; }

        /// <summary>Whether every environment, machine and project the backup held is listed by the new server (false when that could not be known).</summary>
        public bool Verified { get; init; }

        /// <summary>Whether the saved license was applied and the API reports it.</summary>
        public bool LicenseApplied { get; init; }

        public string? LicenseSerialNumber { get; init; }

        /// <summary>What the migrator printed last (masked): its summary.</summary>
        public IReadOnlyList<string> Summary { get; init; } = Array.Empty<string>();
    }
}
