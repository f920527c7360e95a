using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>The start line's SqlConnectionString, the --sql-… start options, and the control endpoint's SQL faults.</summary>
    public sealed class SqlProcessModeTests
    {
        [Fact]
        public async Task The_start_line_carries_a_working_connection_string_and_the_password_nowhere_else()
        {
            var folder = Directory.CreateTempSubdirectory("sandbox-sql-process-").FullName;
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { typeof(SandboxServer).Assembly.Location, "start", "--server-version", EstatePresets.Current, "--time-scale", "1000", "--sql-deny-device", "1" })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            try
            {
                var first = JsonNode.Parse((await process.StandardOutput.ReadLineAsync())!)!;
                var connectionString = first["SqlConnectionString"]!.GetValue<string>();
                var password = new SqlConnectionStringBuilder(connectionString).Password;
                var path = Path.Combine(folder, "octopus.bak");
                string? version;
                SqlException denied;
                await using (var connection = new SqlConnection(connectionString))
                {
                    await connection.OpenAsync();
                    await using var query = new SqlCommand("SELECT SERVERPROPERTY('ProductVersion')", connection);
                    version = (string?)await query.ExecuteScalarAsync();
                    await using var backup = new SqlCommand("BACKUP DATABASE [OctopusDeploy] TO DISK = @path WITH COPY_ONLY, INIT", connection);
                    backup.Parameters.AddWithValue("@path", path);
                    denied = await Assert.ThrowsAsync<SqlException>(backup.ExecuteNonQueryAsync);
                }

                using var client = new HttpClient { BaseAddress = new Uri(first["ControlUrl"]!.GetValue<string>()) };
                client.DefaultRequestHeaders.Add("X-Sandbox-Token", first["ControlToken"]!.GetValue<string>());
                var summary = await client.GetStringAsync(new Uri("sql", UriKind.Relative));
                process.StandardInput.Close();
                var rest = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

                Assert.Equal("15.0.2000.5", version);
                Assert.Equal(3201, denied.Number);
                Assert.False(File.Exists(path));
                Assert.Equal("OctopusDeploy", JsonNode.Parse(summary)!["DatabaseName"]!.GetValue<string>());
                Assert.True(password.Length >= 16);
                Assert.DoesNotContain(password, rest + summary, StringComparison.Ordinal);
                Assert.Equal(1, first.AsObject().Count(p => p.Value!.ToJsonString().Contains(password, StringComparison.Ordinal)));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public async Task The_control_endpoint_injects_a_full_volume()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            using var client = new HttpClient { BaseAddress = sandbox.Server.ControlUrl };
            client.DefaultRequestHeaders.Add("X-Sandbox-Token", sandbox.Server.ControlToken);
            using var injected = await client.PostAsync(new Uri("faults/sql/volume-full?count=1", UriKind.Relative), null);

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("BACKUP DATABASE [OctopusDeploy] TO DISK = @path WITH INIT", parameters: ("@path", sandbox.BackupPath())));

            Assert.True(injected.IsSuccessStatusCode);
            Assert.Equal(3202, error.Number);
            Assert.Empty(Directory.GetFiles(sandbox.BackupFolder));
        }
    }
}
