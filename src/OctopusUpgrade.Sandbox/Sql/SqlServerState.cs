using System;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The live SQL Server behind the estate: its facts and the one user database (the Octopus database). The estate's lock
    /// guards it too; the TDS sessions read and change it through <see cref="Read{T}"/> and <see cref="Update"/>.
    /// </summary>
    public sealed class SqlServerState
    {
        /// <summary><c>sys.databases.database_id</c> of the Octopus database (after master, tempdb, model and msdb).</summary>
        internal const int DatabaseId = 5;

        private readonly Estate _estate;

        internal SqlServerState(Estate estate, SqlServerDescription description, ServerVersion octopusVersion, string nodeName, int seed, DateTimeOffset now)
        {
            _estate = estate;
            Facts = description;
            ProductVersion = description.ParsedProductVersion();
            DatabaseName = description.DatabaseName;
            Password = description.Password ?? DerivePassword(seed);
            Content = new SqlDatabaseContent
            {
                SizeBytes = description.SizeBytes,
                RecoveryModel = description.RecoveryModel,
                SchemaVersions = description.SchemaVersions ?? SqlServerDescription.SchemaFor(octopusVersion, now.UtcDateTime.AddDays(-1)),
                InstallationHistory = description.InstallationHistory ?? SqlServerDescription.HistoryFor(octopusVersion, nodeName, now.AddDays(-1)),
                CustomObjects = description.CustomObjects,
            };
            CreateDate = now.UtcDateTime.AddYears(-2);
            LastLsn = 37_000_000_012_300_001m;
        }

        /// <summary>The facts the server was described with.</summary>
        public SqlServerDescription Facts { get; }

        /// <summary>The Octopus database's name.</summary>
        public string DatabaseName { get; }

        /// <summary>The SQL login's password (a secret).</summary>
        public string Password { get; }

        /// <summary><c>ONLINE</c>, or <c>RESTORING</c> after a restore that failed part-way.</summary>
        public string State { get; internal set; } = "ONLINE";

        /// <summary><c>MULTI_USER</c> or <c>SINGLE_USER</c>.</summary>
        public string UserAccess { get; internal set; } = "MULTI_USER";

        /// <summary>The script names in <c>dbo.SchemaVersions</c>, in order.</summary>
        public System.Collections.Generic.IReadOnlyList<string> SchemaScripts => Read(() => Content.SchemaVersions.Select(r => r.ScriptName).ToList());

        /// <summary>The versions in <c>dbo.OctopusServerInstallationHistory</c>, in order.</summary>
        public System.Collections.Generic.IReadOnlyList<string> InstalledVersions => Read(() => Content.InstallationHistory.Select(r => r.Version).ToList());

        internal Version ProductVersion { get; }

        internal bool IsAzureSqlDatabase => Facts.EngineEdition == 5;

        internal SqlDatabaseContent Content { get; set; }

        internal DateTime CreateDate { get; }

        /// <summary>The log sequence number the next backup starts at; each backup moves it on.</summary>
        internal decimal LastLsn { get; set; }

        /// <summary>The checkpoint LSN of the last full backup that was not COPY_ONLY (the DBA's differential base).</summary>
        internal decimal DifferentialBaseLsn { get; set; }

        internal long Pages => Read(() => Content.SizeBytes / 8192);

        internal T Read<T>(Func<T> read) => _estate.Read(read);

        internal void Update(Action change) => _estate.Update(change);

        /// <summary>Adds a user object Octopus did not create, as a DBA might.</summary>
        public void AddCustomObject(SqlObjectDescription customObject) => Update(() => Content.CustomObjects.Add(customObject));

        private static string DerivePassword(int seed)
        {
            const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
            var random = new Random(unchecked(seed * 7919) + 11);
            return "Sbx!" + new string(Enumerable.Range(0, 20).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }
    }
}
