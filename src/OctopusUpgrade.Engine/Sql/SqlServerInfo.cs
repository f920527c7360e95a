using System;

namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>The SQL Server's version and edition, from SERVERPROPERTY.</summary>
    public sealed record SqlServerInfo(string ProductVersion, string Edition, int EngineEdition)
    {
        /// <summary>SERVERPROPERTY('EngineEdition') of Azure SQL Database.</summary>
        public const int AzureSqlDatabaseEdition = 5;

        /// <summary>SERVERPROPERTY('EngineEdition') of Express.</summary>
        public const int ExpressEdition = 4;

        public bool IsAzureSqlDatabase => EngineEdition == AzureSqlDatabaseEdition;

        /// <summary>Backup compression: every edition but Express (since SQL Server 2008 R2).</summary>
        public bool SupportsCompression => EngineEdition != ExpressEdition;

        /// <summary>The major version (11 for 2012, 13 for 2016, 15 for 2019).</summary>
        public int MajorVersion => Version.TryParse(ProductVersion, out var version) ? version.Major : 0;
    }
}
