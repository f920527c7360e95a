using System;
using System.Data.Common;
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
        private readonly SqlConnectionInfo _connection;

        public SqlServerGateway(SqlConnectionInfo connection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        /// <summary>Which client library this build talks to SQL Server through.</summary>
        public static string ClientName => typeof(SqlConnection).Assembly.GetName().Name ?? "unknown";

        /// <summary>Opens a connection; failures name the server, never the password.</summary>
        public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
        {
            var connection = new SqlConnection(_connection.RevealConnectionString());
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (SqlException e)
            {
                connection.Dispose();
                throw new OctopusUpgradeException(
                    SqlErrorIds.ConnectionFailed,
                    FailureCategory.ConnectionError,
                    $"Could not connect to SQL Server '{_connection.Server}' (SQL error {e.Number}): {e.Message}",
                    _connection.Server,
                    e);
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

        /// <summary>Runs a query that returns one value.</summary>
        public async Task<object?> ExecuteScalarAsync(string commandText, CancellationToken cancellationToken)
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = commandText;
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }
}
