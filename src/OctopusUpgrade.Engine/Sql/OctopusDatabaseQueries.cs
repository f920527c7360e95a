using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Backups;

namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>The read-only questions the engine asks SQL Server, each one of <see cref="SqlStatements"/>, answered as typed facts.</summary>
    public sealed class OctopusDatabaseQueries
    {
        private readonly SqlServerGateway _gateway;

        public OctopusDatabaseQueries(SqlServerGateway gateway)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        }

        public async Task<SqlServerInfo> ReadServerAsync(CancellationToken cancellationToken)
        {
            var row = (await _gateway.QueryAsync(SqlServerGateway.MasterDatabase, SqlStatements.ServerProperties, null, cancellationToken).ConfigureAwait(false)).Single();
            return new SqlServerInfo(Text(row, "ProductVersion") ?? string.Empty, Text(row, "Edition") ?? string.Empty, Convert.ToInt32(row["EngineEdition"] ?? 0, CultureInfo.InvariantCulture));
        }

        /// <summary>The account the SQL Server service runs as (the one that must be able to write the backup folder), or null when the server does not say.</summary>
        public async Task<string?> ReadServiceAccountAsync(CancellationToken cancellationToken)
        {
            try
            {
                var rows = await _gateway.QueryAsync(SqlServerGateway.MasterDatabase, SqlStatements.ServiceAccounts, null, cancellationToken).ConfigureAwait(false);
                return rows.Where(r => (Text(r, "servicename") ?? string.Empty).StartsWith("SQL Server (", StringComparison.OrdinalIgnoreCase))
                    .Select(r => Text(r, "service_account"))
                    .FirstOrDefault();
            }
            catch (SqlStatementException)
            {
                // Needs VIEW SERVER STATE; the message that wanted it is still useful without the account.
                return null;
            }
        }

        /// <summary><c>dbo.SchemaVersions</c> in order: the scripts that made the database what it is.</summary>
        public async Task<IReadOnlyList<string>> ReadSchemaHistoryAsync(string database, CancellationToken cancellationToken)
        {
            var rows = await _gateway.QueryAsync(database, SqlStatements.SchemaHistory, null, cancellationToken).ConfigureAwait(false);
            return rows.Select(r => Text(r, "ScriptName") ?? string.Empty).ToList();
        }

        /// <summary>The database's data and log files together, in bytes (<c>sys.master_files.size</c> counts 8 KB pages).</summary>
        public async Task<long> ReadDatabaseSizeAsync(string database, CancellationToken cancellationToken)
        {
            var rows = await _gateway.QueryAsync(SqlServerGateway.MasterDatabase, SqlStatements.DatabaseFiles, database, cancellationToken).ConfigureAwait(false);
            return rows.Sum(r => Convert.ToInt64(r["size"] ?? 0, CultureInfo.InvariantCulture)) * 8192;
        }

        /// <summary>Free bytes on the volume holding the database's first data file, as the SQL Server sees it.</summary>
        public async Task<long> ReadVolumeFreeSpaceAsync(string database, CancellationToken cancellationToken)
        {
            var row = (await _gateway.QueryAsync(SqlServerGateway.MasterDatabase, SqlStatements.VolumeFreeSpace, database, cancellationToken).ConfigureAwait(false)).Single();
            return Convert.ToInt64(row["available_bytes"] ?? 0, CultureInfo.InvariantCulture);
        }

        /// <summary>User objects in the database (tables, views, procedures, functions, triggers) as schema.name (type).</summary>
        public async Task<IReadOnlyList<(string Schema, string Name, string Type)>> ReadUserObjectsAsync(string database, CancellationToken cancellationToken)
        {
            var rows = await _gateway.QueryAsync(database, SqlStatements.CustomObjects, null, cancellationToken).ConfigureAwait(false);
            return rows.Select(r => (Text(r, "SchemaName") ?? string.Empty, Text(r, "name") ?? string.Empty, Text(r, "type_desc") ?? string.Empty)).ToList();
        }

        /// <summary>What SQL Server reads from the backup file's header.</summary>
        public async Task<DatabaseBackupHeader> ReadBackupHeaderAsync(string path, CancellationToken cancellationToken)
        {
            var row = (await _gateway.QueryAsync(SqlServerGateway.MasterDatabase, SqlStatements.BackupHeader(path), null, cancellationToken).ConfigureAwait(false)).First();
            return new DatabaseBackupHeader
            {
                DatabaseName = Text(row, "DatabaseName") ?? string.Empty,
                ServerName = Text(row, "ServerName"),
                FirstLsn = Text(row, "FirstLSN"),
                LastLsn = Text(row, "LastLSN"),
                CheckpointLsn = Text(row, "CheckpointLSN"),
                DatabaseBackupLsn = Text(row, "DatabaseBackupLSN"),
                IsCopyOnly = Flag(row, "IsCopyOnly"),
                Compressed = Flag(row, "Compressed"),
                HasBackupChecksums = Flag(row, "HasBackupChecksums"),
                BackupFinishDate = row.TryGetValue("BackupFinishDate", out var finished) && finished is DateTime at ? at : null,
            };
        }

        private static string? Text(IReadOnlyDictionary<string, object?> row, string column) =>
            row.TryGetValue(column, out var value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

        private static bool Flag(IReadOnlyDictionary<string, object?> row, string column) =>
            row.TryGetValue(column, out var value) && value is not null && Convert.ToBoolean(value, CultureInfo.InvariantCulture);
    }
}
