using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>The read statements the module sends (README, "Statement set"), as batches and as sp_executesql with parameters.</summary>
    public sealed class SqlQueryTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Sys_databases_reports_the_octopus_database(bool encrypt)
        {
            await using var sandbox = await SqlSandbox.StartAsync(EstatePresets.Current);
            var literal = await sandbox.QueryAsync("SELECT name, recovery_model_desc, state_desc, user_access_desc FROM sys.databases WHERE name = N'OctopusDeploy'", encrypt);
            var parameterised = await sandbox.QueryAsync("SELECT name, recovery_model_desc, state_desc, user_access_desc FROM sys.databases WHERE name = @name", encrypt, parameters: ("@name", "octopusdeploy"));

            foreach (var rows in new[] { literal, parameterised })
            {
                var row = Assert.Single(rows);
                Assert.Equal("OctopusDeploy", row["name"]);
                Assert.Equal("FULL", row["recovery_model_desc"]);
                Assert.Equal("ONLINE", row["state_desc"]);
                Assert.Equal("MULTI_USER", row["user_access_desc"]);
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Master_files_give_the_size_in_8_kb_pages(bool encrypt)
        {
            await using var sandbox = await SqlSandbox.StartAsync(configure: d => d.Sql!.SizeBytes = 300L * 1024 * 1024);
            var rows = await sandbox.QueryAsync("SELECT name, type_desc, physical_name, size FROM sys.master_files WHERE database_id = DB_ID(@name)", encrypt, parameters: ("@name", "OctopusDeploy"));

            Assert.Equal(["OctopusDeploy", "OctopusDeploy_log"], rows.Select(r => (string)r["name"]!));
            Assert.Equal(300L * 1024 * 1024 / 8192, rows.Sum(r => (int)r["size"]!));
        }

        [Fact]
        public async Task Volume_stats_and_the_service_account()
        {
            await using var sandbox = await SqlSandbox.StartAsync(configure: d => d.Sql!.VolumeAvailableBytes = 12345678901);
            var volume = Assert.Single(await sandbox.QueryAsync("SELECT volume_mount_point, total_bytes, available_bytes FROM sys.dm_os_volume_stats(DB_ID(N'OctopusDeploy'), 1)"));
            var services = await sandbox.QueryAsync("SELECT servicename, service_account FROM sys.dm_server_services");

            Assert.Equal(@"C:\", volume["volume_mount_point"]);
            Assert.Equal(12345678901L, volume["available_bytes"]);
            Assert.Equal(@"NT Service\MSSQLSERVER", services.Single(s => ((string)s["servicename"]!).StartsWith("SQL Server (", StringComparison.Ordinal))["service_account"]);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Installation_history_and_schema_versions_are_read(bool encrypt)
        {
            await using var sandbox = await SqlSandbox.StartAsync(EstatePresets.V2019);
            var top = await sandbox.QueryAsync("SELECT TOP 5 [Version] FROM [dbo].[OctopusServerInstallationHistory] ORDER BY Installed DESC", encrypt);
            var history = await sandbox.QueryAsync("SELECT [Version], [Installed], [Node] FROM [dbo].[OctopusServerInstallationHistory] ORDER BY [Installed]", encrypt);
            var scripts = await sandbox.QueryAsync("SELECT ScriptName, Applied FROM dbo.SchemaVersions ORDER BY Id", encrypt);
            var last = await sandbox.QueryAsync("SELECT TOP 1 ScriptName FROM dbo.SchemaVersions ORDER BY Applied DESC", encrypt);

            Assert.Equal(["2019.7.12", "2018.10.0"], top.Select(r => (string)r["Version"]!));
            Assert.IsType<DateTimeOffset>(history[1]["Installed"]);
            Assert.Equal("OCTOPUS01", history[1]["Node"]);
            Assert.Equal(sandbox.Sql.SchemaScripts, scripts.Select(r => (string)r["ScriptName"]!));
            Assert.IsType<DateTime>(scripts[0]["Applied"]);
            Assert.Equal(sandbox.Sql.SchemaScripts[^1], last[0]["ScriptName"]);
        }

        [Fact]
        public async Task The_octopus_tables_need_the_octopus_database_or_a_three_part_name()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.QueryAsync("SELECT ScriptName FROM dbo.SchemaVersions", database: "master"));
            var threePart = await sandbox.QueryAsync("SELECT ScriptName FROM [OctopusDeploy].[dbo].[SchemaVersions]", database: "master");

            Assert.Equal(208, error.Number);
            Assert.Equal("Invalid object name 'dbo.SchemaVersions'.", error.Message);
            Assert.Equal(sandbox.Sql.SchemaScripts.Count, threePart.Count);
        }

        [Fact]
        public async Task Custom_objects_are_the_user_objects_octopus_did_not_create()
        {
            await using var sandbox = await SqlSandbox.StartAsync(configure: d => d.Sql!.CustomObjects =
            [
                new SqlObjectDescription { Schema = "reporting", Name = "DeploymentsPerDay", Type = "V" },
                new SqlObjectDescription { Name = "AuditTrigger", Type = "TR" },
            ]);
            var rows = await sandbox.QueryAsync(
                "SELECT SCHEMA_NAME(schema_id) AS SchemaName, name, type_desc FROM sys.objects WHERE is_ms_shipped = 0 AND type IN ('U', 'V', 'P', 'FN', 'IF', 'TF', 'TR') ORDER BY name");

            var custom = rows.Where(r => !(r["SchemaName"] is "dbo" && SqlCatalog.OctopusTables.Contains((string)r["name"]!))).ToList();
            Assert.Equal(["AuditTrigger", "DeploymentsPerDay"], custom.Select(r => (string)r["name"]!));
            Assert.Equal(["dbo", "reporting"], custom.Select(r => (string)r["SchemaName"]!));
            Assert.Equal(["SQL_TRIGGER", "VIEW"], custom.Select(r => (string)r["type_desc"]!));
        }

        [Theory]
        [InlineData("DROP TABLE dbo.SchemaVersions", 102, "Incorrect syntax near 'DROP'. The sandbox does not understand: DROP TABLE dbo.SchemaVersions")]
        [InlineData("SELECT @@VERSION", 102, "Incorrect syntax near '@@VERSION'.")]
        [InlineData("SELECT name FROM sys.tables", 208, "Invalid object name 'sys.tables'.")]
        [InlineData("SELECT nonsense FROM sys.databases", 207, "Invalid column name 'nonsense'.")]
        [InlineData("SELECT name FROM sys.databases WHERE name = @missing", 137, "Must declare the scalar variable \"@missing\".")]
        [InlineData("BACKUP LOG [OctopusDeploy] TO DISK = N'x'", 102, "Incorrect syntax near 'LOG'.")]
        [InlineData("SELECT name FROM sys.databases WHERE name = N'unclosed", 105, "Unclosed quotation mark")]
        public async Task What_the_sandbox_does_not_understand_is_a_loud_error(string sql, int number, string message)
        {
            await using var sandbox = await SqlSandbox.StartAsync();

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.QueryAsync(sql));

            Assert.Equal(number, error.Number);
            Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
            Assert.True(error.Class >= 15);
        }

        [Fact]
        public async Task Azure_sql_database_has_no_server_level_views()
        {
            await using var sandbox = await SqlSandbox.StartAsync(configure: AzureSql);
            var edition = Assert.Single(await sandbox.QueryAsync("SELECT SERVERPROPERTY('EngineEdition') AS EngineEdition, SERVERPROPERTY('Edition') AS Edition"));
            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.QueryAsync("SELECT servicename, service_account FROM sys.dm_server_services"));

            Assert.Equal(5, edition["EngineEdition"]);
            Assert.Equal("SQL Azure", edition["Edition"]);
            Assert.Equal(208, error.Number);
        }

        internal static void AzureSql(EstateDescription description)
        {
            description.Sql!.Edition = "SQL Azure";
            description.Sql.EngineEdition = 5;
            description.Sql.ProductVersion = "12.0.2000.8";
        }
    }
}
