using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>
    /// The result of Invoke-OctopusMigration: the migrator's run (its command line with the Master Key masked) and what
    /// the new server's API lists afterwards, checked against what the 2.6 backup set recorded.
    /// </summary>
    public sealed class MigrationResult : OctopusUpgradeStepResult
    {
        internal MigrationResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string BackupFile { get; internal set; } = string.Empty;

        /// <summary>A dry run (-Preview): nothing was committed and no license applied.</summary>
        public bool Preview { get; internal set; }

        public int ExitCode { get; internal set; }

        /// <summary>The Octopus.Migrator.exe command line as run, the Master Key masked.</summary>
        public string CommandLine { get; internal set; } = string.Empty;

        /// <summary>How many environments the new server lists afterwards.</summary>
        public int Environments { get; internal set; }

        public int Machines { get; internal set; }

        public int Projects { get; internal set; }

        /// <summary>Every environment, machine and project the 2.6 backup set recorded is listed by the new server; false when the backup set was not found to compare with.</summary>
        public bool Verified { get; internal set; }

        /// <summary>The saved license was applied and the API reports it.</summary>
        public bool LicenseApplied { get; internal set; }

        public string? LicenseSerialNumber { get; internal set; }

        /// <summary>The last lines the migrator printed.</summary>
        public string Summary { get; internal set; } = string.Empty;
    }
}
