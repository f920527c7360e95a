using System;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>The real SqlClient logs in to the TDS endpoint, encrypted (TLS inside PRELOGIN) and with login-only encryption.</summary>
    public sealed class SqlConnectionTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Server_properties_arrive_as_sql_variants(bool encrypt)
        {
            await using var sandbox = await SqlSandbox.StartAsync(EstatePresets.Current);
            var row = (await sandbox.QueryAsync(
                "SELECT SERVERPROPERTY('ProductVersion') AS ProductVersion, SERVERPROPERTY('Edition') AS Edition, SERVERPROPERTY('EngineEdition') AS EngineEdition, SERVERPROPERTY('ProductMajorVersion') AS ProductMajorVersion, SERVERPROPERTY('NoSuchProperty') AS Missing",
                encrypt))[0];

            Assert.Equal("15.0.2000.5", row["ProductVersion"]);
            Assert.Equal("Standard Edition (64-bit)", row["Edition"]);
            Assert.Equal(2, row["EngineEdition"]);
            Assert.Equal("15", row["ProductMajorVersion"]);
            Assert.Null(row["Missing"]);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task The_login_lands_in_the_octopus_database_with_the_servers_version(bool encrypt)
        {
            await using var sandbox = await SqlSandbox.StartAsync(EstatePresets.Lts2018);
            await using var connection = await sandbox.OpenAsync(encrypt);

            Assert.Equal("OctopusDeploy", connection.Database);
            Assert.StartsWith("13.00.5026", connection.ServerVersion, StringComparison.Ordinal);
            Assert.Equal(8000, connection.PacketSize);
        }

        [Theory]
        [InlineData(true, "wrong-password", null)]
        [InlineData(false, "wrong-password", null)]
        [InlineData(true, null, "someone")]
        public async Task A_wrong_password_or_user_is_error_18456(bool encrypt, string? password, string? user)
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var builder = new SqlConnectionStringBuilder(sandbox.ConnectionString(encrypt, password: password));
            if (user is not null)
            {
                builder.UserID = user;
            }

            await using var connection = new SqlConnection(builder.ConnectionString);
            var error = await Assert.ThrowsAsync<SqlException>(connection.OpenAsync);

            Assert.Equal(18456, error.Number);
            Assert.Equal(14, error.Class);
            Assert.Equal(1, error.State);
            Assert.Equal("Login failed for user '" + builder.UserID + "'.", error.Errors[0].Message);
            Assert.DoesNotContain(sandbox.Sql.Password, error.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_unknown_database_is_error_4060_then_login_failed()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            // 4060 is on SqlClient's transient list: no retry, so the test does not wait out the retry interval.
            var builder = new SqlConnectionStringBuilder(sandbox.ConnectionString(database: "NoSuchDb")) { ConnectRetryCount = 0 };
            await using var connection = new SqlConnection(builder.ConnectionString);

            var error = await Assert.ThrowsAsync<SqlException>(connection.OpenAsync);

            Assert.Equal(4060, error.Number);
            Assert.Equal(18456, error.Errors[1].Number);
        }

        [Fact]
        public async Task The_instance_is_configured_with_the_endpoints_connection_string()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var configured = new SqlConnectionStringBuilder(sandbox.Server.Estate.ConnectionString);

            Assert.Equal(sandbox.Server.SqlConnectionString, sandbox.Server.Estate.ConnectionString);
            Assert.StartsWith("127.0.0.1,", configured.DataSource, StringComparison.Ordinal);
            Assert.Equal("OctopusDeploy", configured.InitialCatalog);
            Assert.False(configured.IntegratedSecurity);
            await using var connection = new SqlConnection(sandbox.Server.Estate.ConnectionString);
            await connection.OpenAsync();
        }

        [Fact]
        public async Task An_explicit_connection_string_is_kept_as_configured()
        {
            const string elsewhere = "Data Source=sql02;Initial Catalog=Octopus;Integrated Security=True";
            await using var sandbox = await SqlSandbox.StartAsync(configure: d => d.ConnectionString = elsewhere);

            Assert.Equal(elsewhere, sandbox.Server.Estate.ConnectionString);
        }
    }
}
