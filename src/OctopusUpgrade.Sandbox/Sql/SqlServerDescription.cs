using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The SQL Server behind the estate and its Octopus database, as the TDS endpoint reports them. Null lists are filled
    /// from the estate's Octopus version when the sandbox starts (see <see cref="ForOctopusVersion"/>).
    /// </summary>
    public sealed class SqlServerDescription
    {
        /// <summary>The Octopus database's name.</summary>
        public string DatabaseName { get; set; } = "OctopusDeploy";

        /// <summary>The database's size in bytes (data and log; <c>sys.master_files.size</c> reports it in 8 KB pages).</summary>
        public long SizeBytes { get; set; } = 512L * 1024 * 1024;

        /// <summary><c>SIMPLE</c>, <c>FULL</c> or <c>BULK_LOGGED</c>.</summary>
        public string RecoveryModel { get; set; } = "SIMPLE";

        /// <summary><c>SERVERPROPERTY('Edition')</c>, e.g. <c>Standard Edition (64-bit)</c>, <c>Express Edition (64-bit)</c>, <c>SQL Azure</c>.</summary>
        public string Edition { get; set; } = "Standard Edition (64-bit)";

        /// <summary><c>SERVERPROPERTY('EngineEdition')</c>: 2 Standard, 3 Enterprise, 4 Express, 5 Azure SQL Database, 8 Managed Instance.</summary>
        public int EngineEdition { get; set; } = 2;

        /// <summary><c>SERVERPROPERTY('ProductVersion')</c>: 15.0.2000.5 is SQL Server 2019, 14.0.x 2017, 13.0.x 2016, 11.0.x 2012.</summary>
        public string ProductVersion { get; set; } = "15.0.2000.5";

        /// <summary><c>SERVERPROPERTY('ServerName')</c> and <c>MachineName</c> (a default instance).</summary>
        public string ServerName { get; set; } = "SQL01";

        /// <summary>The SQL Server service's account (<c>sys.dm_server_services</c>); error 3201 names it in life.</summary>
        public string ServiceAccount { get; set; } = @"NT Service\MSSQLSERVER";

        /// <summary>The SQL login the endpoint accepts.</summary>
        public string Login { get; set; } = "octopus";

        /// <summary>The login's password; null derives one from the estate's seed. A secret: printed only in the <c>start</c> line.</summary>
        public string? Password { get; set; }

        /// <summary>The data volume (<c>sys.dm_os_volume_stats</c>).</summary>
        public string VolumeMountPoint { get; set; } = @"C:\";

        /// <summary>The data volume's size in bytes.</summary>
        public long VolumeTotalBytes { get; set; } = 200L * 1024 * 1024 * 1024;

        /// <summary>The data volume's free bytes.</summary>
        public long VolumeAvailableBytes { get; set; } = 80L * 1024 * 1024 * 1024;

        /// <summary>Simulated backup and restore throughput, in MB per simulated second.</summary>
        public double MegabytesPerSecond { get; set; } = 100;

        /// <summary><c>dbo.SchemaVersions</c>; null: the scripts of the estate's Octopus version.</summary>
        public List<SchemaVersionRow>? SchemaVersions { get; set; }

        /// <summary><c>dbo.OctopusServerInstallationHistory</c>; null: the estate's version and its predecessors.</summary>
        public List<InstallationHistoryRow>? InstallationHistory { get; set; }

        /// <summary>User objects Octopus did not create (a readiness problem).</summary>
        public List<SqlObjectDescription> CustomObjects { get; set; } = [];

        /// <summary>
        /// The SQL Server an Octopus version's preset estate runs on: 3.x on SQL Server 2012 Express, 2018.10 on 2016
        /// Standard, 2019 on 2017 Standard, later on 2019 Standard (FULL recovery from 2019). A 2.x estate (RavenDB) gets an
        /// empty database, the one the migrator will fill.
        /// </summary>
        public static SqlServerDescription ForOctopusVersion(string octopusVersion)
        {
            var version = ServerVersion.Parse(octopusVersion);
            var description = new SqlServerDescription();
            if (!version.AtLeast(2018, 1))
            {
                description.ProductVersion = "11.0.7001.0";
                description.Edition = "Express Edition (64-bit)";
                description.EngineEdition = 4;
            }
            else if (!version.AtLeast(2019, 1))
            {
                description.ProductVersion = "13.0.5026.0";
            }
            else if (!version.AtLeast(2020, 1))
            {
                description.ProductVersion = "14.0.3030.27";
                description.RecoveryModel = "FULL";
            }
            else
            {
                description.RecoveryModel = "FULL";
            }

            return description;
        }

        /// <summary>DbUp's journal for <paramref name="version"/>: a script count that grows with the version, applied over the install history.</summary>
        internal static List<SchemaVersionRow> SchemaFor(ServerVersion version, DateTime installed)
        {
            if (version.IsLegacy2x)
            {
                return [];
            }

            var count = version.Major < 2018 ? 120 : version.Major switch { 2018 => 180, 2019 => 230, _ => 230 + ((version.Major - 2019) * 40) };
            return Enumerable.Range(1, count).Select(i => new SchemaVersionRow
            {
                ScriptName = "Octopus.Core.UpgradeScripts.Script" + i.ToString("D4", CultureInfo.InvariantCulture) + " - " + (i == 1 ? "Initial schema" : "Upgrade step " + i.ToString(CultureInfo.InvariantCulture)) + ".sql",
                Applied = installed.AddDays(i - count),
            }).ToList();
        }

        /// <summary>Two installs: an earlier release on the same node, then <paramref name="version"/>.</summary>
        internal static List<InstallationHistoryRow> HistoryFor(ServerVersion version, string node, DateTimeOffset installed)
        {
            if (version.IsLegacy2x)
            {
                return [];
            }

            var earlier = version.Major < 2018 ? "3.0.0" : version.Major == 2018 ? "3.17.14" : "2018.10.0";
            return
            [
                new InstallationHistoryRow { Version = earlier, Installed = installed.AddDays(-200), Node = node },
                new InstallationHistoryRow { Version = version.Text, Installed = installed, Node = node },
            ];
        }

        internal Version ParsedProductVersion() =>
            System.Version.TryParse(ProductVersion, out var parsed) ? parsed : throw new FormatException("ProductVersion '" + ProductVersion + "' is not a version.");
    }
}
