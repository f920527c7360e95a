using System;
using System.Globalization;

namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>
    /// Every T-SQL statement the engine sends, written out here and nowhere else. Names and paths go in as a quoted
    /// identifier or an N'…' literal (doubling the quote character), never pasted raw, so a database called
    /// <c>Oct]o'pus</c> is one name; and the text -WhatIf shows is the text that runs.
    /// </summary>
    public static class SqlStatements
    {
        /// <summary>The STATS interval: SQL Server reports "N percent processed." every this many percent.</summary>
        public const int StatsPercent = 10;

        public const string ServerProperties =
            "SELECT SERVERPROPERTY('ProductVersion') AS ProductVersion, SERVERPROPERTY('Edition') AS Edition, SERVERPROPERTY('EngineEdition') AS EngineEdition, SERVERPROPERTY('ProductMajorVersion') AS ProductMajorVersion";

        public const string ServiceAccounts = "SELECT servicename, service_account FROM sys.dm_server_services";

        public const string DatabaseState = "SELECT name, recovery_model_desc, state_desc, user_access_desc FROM sys.databases WHERE name = @name";

        public const string DatabaseFiles = "SELECT name, type_desc, physical_name, size FROM sys.master_files WHERE database_id = DB_ID(@name)";

        public const string VolumeFreeSpace = "SELECT volume_mount_point, total_bytes, available_bytes FROM sys.dm_os_volume_stats(DB_ID(@name), 1)";

        /// <summary>Run in the Octopus database.</summary>
        public const string SchemaHistory = "SELECT ScriptName, Applied FROM dbo.SchemaVersions ORDER BY Id";

        /// <summary>Run in the Octopus database.</summary>
        public const string CustomObjects =
            "SELECT SCHEMA_NAME(schema_id) AS SchemaName, name, type_desc FROM sys.objects WHERE is_ms_shipped = 0 AND type IN ('U', 'V', 'P', 'FN', 'IF', 'TF', 'TR') ORDER BY name";

        /// <summary>The name given to a parameter holding a database name.</summary>
        public const string NameParameter = "@name";

        /// <summary>A copy-only (unless told otherwise), checksummed full backup that overwrites the file's backup sets.</summary>
        public static string BackupDatabase(string database, string path, bool copyOnly, bool compress) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "BACKUP DATABASE {0} TO DISK = {1} WITH {2}CHECKSUM, INIT, STATS = {3}{4}",
                QuoteName(database),
                Literal(path),
                copyOnly ? "COPY_ONLY, " : string.Empty,
                StatsPercent,
                compress ? ", COMPRESSION" : string.Empty);

        public static string VerifyBackup(string path) => "RESTORE VERIFYONLY FROM DISK = " + Literal(path) + " WITH CHECKSUM";

        public static string BackupHeader(string path) => "RESTORE HEADERONLY FROM DISK = " + Literal(path);

        /// <summary>Ends every other session in the database at once, rolling back their work.</summary>
        public static string SingleUser(string database) => "ALTER DATABASE " + QuoteName(database) + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE";

        public static string MultiUser(string database) => "ALTER DATABASE " + QuoteName(database) + " SET MULTI_USER";

        public static string RestoreDatabase(string database, string path) =>
            string.Format(CultureInfo.InvariantCulture, "RESTORE DATABASE {0} FROM DISK = {1} WITH REPLACE, CHECKSUM, STATS = {2}", QuoteName(database), Literal(path), StatsPercent);

        /// <summary>T-SQL's QUOTENAME: a bracketed identifier with each <c>]</c> doubled.</summary>
        public static string QuoteName(string identifier)
        {
            if (string.IsNullOrEmpty(identifier))
            {
                throw new ArgumentException("An identifier is required.", nameof(identifier));
            }

            return "[" + identifier.Replace("]", "]]") + "]";
        }

        /// <summary>A Unicode string literal with each <c>'</c> doubled.</summary>
        public static string Literal(string text) => "N'" + (text ?? throw new ArgumentNullException(nameof(text))).Replace("'", "''") + "'";
    }
}
