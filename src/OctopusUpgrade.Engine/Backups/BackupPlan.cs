using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What planning a backup settled: the set's folder and name, the server, and the exact T-SQL.</summary>
    public sealed record BackupPlan(string SetFolder, string BaseName, OctopusVersion? ServerVersion)
    {
        /// <summary>The database, or null on a 2.x server (RavenDB: its Backup task makes the .octobak).</summary>
        public string? Database { get; init; }

        public SqlServerInfo? SqlServer { get; init; }

        /// <summary>Where SQL Server writes the backup until it is verified and renamed to <see cref="DatabaseFile"/>.</summary>
        public string? PartialFile { get; init; }

        public string? DatabaseFile { get; init; }

        public string? BackupStatement { get; init; }

        public string? VerifyStatement { get; init; }

        public bool IsLegacy => Database is null;
    }
}
