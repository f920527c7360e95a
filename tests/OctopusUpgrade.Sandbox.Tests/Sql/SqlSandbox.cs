using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>An in-process sandbox with a fast clock, opened with the real SqlClient over loopback, and a folder for backups.</summary>
    internal sealed class SqlSandbox : IAsyncDisposable
    {
        private SqlSandbox(SandboxServer server)
        {
            Server = server;
            BackupFolder = Directory.CreateTempSubdirectory("sandbox-sql-").FullName;
        }

        public SandboxServer Server { get; }

        public SqlServerState Sql => Server.Estate.Sql;

        public string BackupFolder { get; }

        public static async Task<SqlSandbox> StartAsync(string version = EstatePresets.V2019, Action<EstateDescription>? configure = null)
        {
            var description = EstateDescription.ForVersion(version);
            description.TimeScale = 1000;
            configure?.Invoke(description);
            return new SqlSandbox(await SandboxServer.StartAsync(description));
        }

        /// <summary>The start line's connection string, or one changed: encrypted (the default) or Encrypt=False, another database or password.</summary>
        public string ConnectionString(bool encrypt = true, string? database = null, string? password = null)
        {
            var builder = new SqlConnectionStringBuilder(Server.SqlConnectionString) { Pooling = false };
            if (!encrypt)
            {
                builder.Encrypt = SqlConnectionEncryptOption.Optional;
            }

            if (database is not null)
            {
                builder.InitialCatalog = database;
            }

            if (password is not null)
            {
                builder.Password = password;
            }

            return builder.ConnectionString;
        }

        public async Task<SqlConnection> OpenAsync(bool encrypt = true, string? database = null)
        {
            var connection = new SqlConnection(ConnectionString(encrypt, database));
            await connection.OpenAsync();
            return connection;
        }

        /// <summary>Runs <paramref name="sql"/> and returns every row of the first result set, values by column name.</summary>
        public async Task<List<Dictionary<string, object?>>> QueryAsync(string sql, bool encrypt = true, string? database = null, params (string Name, object Value)[] parameters)
        {
            await using var connection = await OpenAsync(encrypt, database);
            await using var command = new SqlCommand(sql, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<Dictionary<string, object?>>();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        }

        /// <summary>Runs a statement that returns no rows and collects its INFO messages, one entry each.</summary>
        public async Task<List<string>> ExecuteAsync(string sql, bool encrypt = true, string? database = null, params (string Name, object Value)[] parameters)
        {
            await using var connection = await OpenAsync(encrypt, database);
            var messages = new List<string>();
            connection.InfoMessage += (_, e) =>
            {
                lock (messages)
                {
                    messages.AddRange(e.Errors.Cast<SqlError>().Select(m => m.Message));
                }
            };
            await using var command = new SqlCommand(sql, connection) { CommandTimeout = 0 };
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            await command.ExecuteNonQueryAsync();
            return messages;
        }

        public string BackupPath(string name = "octopus.bak") => Path.Combine(BackupFolder, name);

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Directory.Delete(BackupFolder, recursive: true);
        }
    }
}
