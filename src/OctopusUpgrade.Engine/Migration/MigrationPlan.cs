using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>What planning settled for a migration: the backup, the key, the exact command lines, and what to check afterwards.</summary>
    public sealed record MigrationPlan(string BackupFile, long BackupSizeBytes, Secret MasterKey, string CommandLine)
    {
        public OctopusVersion? ServerVersion { get; init; }

        /// <summary>What the new server listed before the import.</summary>
        public EstateInventory Before { get; init; } = new();

        /// <summary>What the backup holds (its set's manifest recorded it from the 2.6 server), or null when unknown.</summary>
        public EstateInventory? Expected { get; init; }

        /// <summary>The license the session's backup set saved, re-applied after the import; null when none was saved.</summary>
        public string? LicenseFile { get; init; }

        /// <summary>The license command line as shown, when there is a license to apply.</summary>
        public string? LicenseCommandLine { get; init; }
    }
}
