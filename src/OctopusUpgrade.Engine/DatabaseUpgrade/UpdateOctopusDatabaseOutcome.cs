using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.DatabaseUpgrade
{
    /// <summary>What Update-OctopusDatabase did, read back from <c>dbo.SchemaVersions</c> where the session reaches SQL Server.</summary>
    public sealed record UpdateOctopusDatabaseOutcome(OctopusVersion TargetVersion)
    {
        /// <summary>Schema scripts the upgrade added, counted in <c>dbo.SchemaVersions</c>; null without a SQL connection.</summary>
        public int? ScriptsApplied { get; init; }

        /// <summary>The newest script in <c>dbo.SchemaVersions</c> afterwards; null without a SQL connection.</summary>
        public string? LastScript { get; init; }

        /// <summary>Whether the schema was read back from SQL Server (false: only the tool's word).</summary>
        public bool Verified { get; init; }
    }
}
