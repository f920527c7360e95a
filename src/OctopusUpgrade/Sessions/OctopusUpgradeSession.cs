using System;
using System.Linq;
using OctopusUpgrade.Engine.Sessions;

namespace OctopusUpgrade.Sessions
{
    /// <summary>
    /// An upgrade session as PowerShell sees it: where the server, database and journal are, and what the steps
    /// have learned. It renders no secret: the API key and SQL password are not properties, and
    /// <see cref="ToString"/> gives only the server and instance. It holds its journal's lock until
    /// <see cref="Dispose"/> (or until PowerShell ends): one session writes a journal at a time.
    /// </summary>
    public sealed class OctopusUpgradeSession : IDisposable
    {
        private readonly UpgradeSession _engine;

        internal OctopusUpgradeSession(UpgradeSession engine)
        {
            _engine = engine;
        }

        public Guid Id => _engine.Id;

        public DateTimeOffset Created => _engine.Created;

        public Uri Server => _engine.Server;

        /// <summary>The space as given, or null for the server's default space.</summary>
        public string? Space => _engine.Space;

        public string InstanceName => _engine.InstanceName;

        public string? InstallPath => _engine.InstallPath;

        public string? HomePath => _engine.HomePath;

        public string JournalPath => _engine.Journal.Path;

        /// <summary>The version the upgrade goes to, as given; null when not given.</summary>
        public string? TargetVersion => _engine.TargetVersion?.ToString();

        /// <summary>The SQL Server named by the connection string, or null when the session has no database.</summary>
        public string? SqlServer => _engine.Sql?.Server;

        public string? SqlDatabase => _engine.Sql?.Database;

        /// <summary>"Integrated", "SQL login '&lt;user&gt;'", or null when the session has no database.</summary>
        public string? SqlAuthentication => _engine.Sql is null ? null : _engine.Sql.IsIntegrated ? "Integrated" : $"SQL login '{_engine.Sql.UserName}'";

        /// <summary>The server version a step read from the server; null until one has.</summary>
        public string? ServerVersion => _engine.Facts.ServerVersion?.ToString();

        /// <summary>Whether maintenance mode was already on when a step first looked; null until one has.</summary>
        public bool? MaintenanceModeAsFound => _engine.Facts.MaintenanceModeAsFound;

        /// <summary>The backups taken in this session, oldest first.</summary>
        public OctopusUpgradeBackup[] Backups => _engine.Facts.Backups.Select(b => new OctopusUpgradeBackup(b.Kind.ToString(), b.Path, b.Taken, b.SizeBytes, b.Verified)).ToArray();

        /// <summary>How many steps the journal holds.</summary>
        public int JournalSteps => _engine.Journal.Records.Count;

        internal UpgradeSession Engine => _engine;

        /// <summary>Closes the session: its journal's lock is released, and nothing more can be journalled in it.</summary>
        public void Dispose() => _engine.Dispose();

        public override string ToString() => _engine.ToString();
    }
}
