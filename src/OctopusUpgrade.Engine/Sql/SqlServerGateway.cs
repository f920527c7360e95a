using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
#if NET
using Microsoft.Data.SqlClient;
#else
using System.Data.SqlClient;
#endif

namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>
    /// The one way the engine reaches SQL Server. On .NET 8 it uses Microsoft.Data.SqlClient; on .NET Framework the
    /// framework's own System.Data.SqlClient (the package source has no Microsoft.Data.SqlClient that restores
    /// for net472). Nothing else in the engine names either client, so the choice can move in one place.
    /// </summary>
    public sealed class SqlServerGateway
    {
        /// <summary>Where BACKUP, RESTORE and ALTER DATABASE run: never inside the database they work on.</summary>
        public const string MasterDatabase = "master";

        private readonly SqlConnectionInfo _connection;

        public SqlServerGateway(SqlConnectionInfo connection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        /// <summary>Which client library this build talks to SQL Server through.</summary>
        public static string ClientName => typeof(SqlConnection).Assembly.GetName().Name ?? "unknown";

        public string Server => _connection.Server;

        /// <summary>
        /// Runs a query in a database (null: the connection string's) and reads every row as column name → value
        /// (DBNull as null). <paramref name="name"/>, when given, is the statement's <c>@name</c> parameter.
        /// </summary>
        public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> QueryAsync(string? database, string commandText, string? name, CancellationToken cancellationToken)
        {
            using var connection = await OpenAsync(database, cancellationToken).ConfigureAwait(false);
            using var command = new SqlCommand(commandText, connection);
            if (name is not null)
            {
                command.Parameters.AddWithValue(SqlStatements.NameParameter, name);
            }

            var rows = new List<IReadOnlyDictionary<string, object?>>();
            try
            {
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    rows.Add(row);
                }
            }
            catch (SqlException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SqlStatementException(_connection.Server, Messages(e.Errors), e);
            }

            return rows;
        }

        /// <summary>
        /// Runs a long statement (BACKUP, RESTORE, ALTER DATABASE) in <see cref="MasterDatabase"/> with no command
        /// timeout, passing each INFO message to <paramref name="onMessage"/> as it arrives. It runs synchronously on a
        /// worker thread with Cancel registered on the token: once an INFO message has arrived, SqlClient's async path
        /// sends no attention on cancellation (dotnet/SqlClient#4424). Live messages need
        /// FireInfoMessageEventOnUserErrors, which also delivers errors of class 16 and below as messages; those are
        /// collected here and raised as a <see cref="SqlStatementException"/>, as if SqlClient had thrown them.
        /// </summary>
        /// <exception cref="OperationCanceledException">The token was cancelled; SQL Server was told to stop.</exception>
        public Task ExecuteAsync(string commandText, Action<SqlServerMessage> onMessage, CancellationToken cancellationToken)
        {
            if (onMessage is null)
            {
                throw new ArgumentNullException(nameof(onMessage));
            }

            return Task.Run(() => Execute(commandText, onMessage, cancellationToken), cancellationToken);
        }

        private void Execute(string commandText, Action<SqlServerMessage> onMessage, CancellationToken cancellationToken)
        {
            using var connection = Connect(MasterDatabase);
            try
            {
                connection.Open();
            }
            catch (SqlException e)
            {
                throw ConnectionFailed(e);
            }

            var errors = new List<SqlServerMessage>();
            connection.FireInfoMessageEventOnUserErrors = true;
            connection.InfoMessage += (_, e) =>
            {
                foreach (var message in Messages(e.Errors))
                {
                    if (message.IsError)
                    {
                        errors.Add(message);
                    }
                    else
                    {
                        onMessage(message);
                    }
                }
            };
            using var command = new SqlCommand(commandText, connection) { CommandTimeout = 0 };
            using (cancellationToken.Register(command.Cancel))
            {
                try
                {
                    command.ExecuteNonQuery();
                }
                catch (SqlException e)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    errors.AddRange(Messages(e.Errors));
                    throw new SqlStatementException(_connection.Server, errors, e);
                }
                catch (InvalidOperationException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The connection broke under the statement.
                    throw new SqlStatementException(_connection.Server, errors.Concat(new[] { new SqlServerMessage(0, 20, e.Message) }).ToList(), e);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (errors.Count > 0)
            {
                throw new SqlStatementException(_connection.Server, errors);
            }
        }

        private async Task<SqlConnection> OpenAsync(string? database, CancellationToken cancellationToken)
        {
            var connection = Connect(database);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (SqlException e)
            {
                connection.Dispose();
                throw ConnectionFailed(e);
            }
            catch (InvalidOperationException e)
            {
                connection.Dispose();
                throw new OctopusUpgradeException(
                    SqlErrorIds.ConnectionFailed,
                    FailureCategory.ConnectionError,
                    $"Could not connect to SQL Server '{_connection.Server}': {e.Message}",
                    _connection.Server,
                    e);
            }
        }

        /// <summary>
        /// A connection without pooling: SINGLE_USER WITH ROLLBACK IMMEDIATE ends other sessions, and a pooled one
        /// it ended would fail the next read after a restore.
        /// </summary>
        private SqlConnection Connect(string? database)
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = _connection.RevealConnectionString() };
            if (database is not null)
            {
                builder.Remove("Database");
                builder["Initial Catalog"] = database;
            }

            builder["Pooling"] = false;
            return new SqlConnection(builder.ConnectionString);
        }

        private OctopusUpgradeException ConnectionFailed(SqlException e) =>
            new(
                SqlErrorIds.ConnectionFailed,
                FailureCategory.ConnectionError,
                $"Could not connect to SQL Server '{_connection.Server}' (SQL error {e.Number}): {e.Message}",
                _connection.Server,
                e);

        private static List<SqlServerMessage> Messages(SqlErrorCollection errors) =>
            errors.Cast<SqlError>().Select(e => new SqlServerMessage(e.Number, e.Class, e.Message)).ToList();
    }
}
