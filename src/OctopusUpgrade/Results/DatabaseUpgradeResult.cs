using System;
using OctopusUpgrade.Engine.DatabaseUpgrade;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Update-OctopusDatabase: the version the schema moved to, read back from dbo.SchemaVersions where the session reaches SQL Server.</summary>
    public sealed class DatabaseUpgradeResult : OctopusUpgradeStepResult
    {
        private DatabaseUpgradeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        /// <summary>The installed binaries' version, which the schema was upgraded to.</summary>
        public string TargetVersion { get; private set; } = string.Empty;

        /// <summary>Schema scripts the upgrade added to dbo.SchemaVersions; null without a SQL connection.</summary>
        public int? ScriptsApplied { get; private set; }

        /// <summary>The newest script in dbo.SchemaVersions afterwards; null without a SQL connection.</summary>
        public string? LastScript { get; private set; }

        /// <summary>Whether dbo.SchemaVersions was read back (false: only the tool's word).</summary>
        public bool Verified { get; private set; }

        internal static DatabaseUpgradeResult From(OctopusUpgradeSession session, StepRun<UpdateOctopusDatabaseOutcome> run) => new(session, run.Started, run.Ended)
        {
            TargetVersion = run.Result.TargetVersion.ToString(),
            ScriptsApplied = run.Result.ScriptsApplied,
            LastScript = run.Result.LastScript,
            Verified = run.Result.Verified,
        };
    }
}
