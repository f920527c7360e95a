using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The process-mode contract: first stdout line is JSON; serving until stdin closes.</summary>
    public sealed class ProcessModeTests
    {
        [Theory]
        [InlineData("2.6.5", false)]
        [InlineData("3.12.1", false)]
        [InlineData("2019.7.12", false)]
        [InlineData("2024.3.12741", true)]
        public async Task Starts_prints_the_first_line_serves_and_exits_when_stdin_closes(string version, bool withEstateFile)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { typeof(SandboxServer).Assembly.Location, "start", "--server-version", version, "--port", "0", "--time-scale", "100" })
            {
                info.ArgumentList.Add(argument);
            }

            var estateFile = System.IO.Path.GetTempFileName();
            // An environment no preset has: the API lists it only when the estate came from this file.
            var fromFile = EstateDescription.ForVersion("2019.7.12");
            fromFile.Environments = ["From-Estate-File"];
            System.IO.File.WriteAllText(estateFile, fromFile.ToJson());
            if (withEstateFile)
            {
                info.ArgumentList.Add("--estate");
                info.ArgumentList.Add(estateFile);
            }

            using var process = Process.Start(info)!;
            try
            {
                var first = JsonNode.Parse((await process.StandardOutput.ReadLineAsync())!)!;
                using var client = new HttpClient { BaseAddress = new Uri(first["ServerUrl"]!.GetValue<string>()) };
                client.DefaultRequestHeaders.Add("X-Octopus-ApiKey", first["ApiKey"]!.GetValue<string>());

                var root = JsonNode.Parse(await client.GetStringAsync(new Uri("api", UriKind.Relative)))!;
                using var machines = await client.GetAsync(new Uri("api/machines", UriKind.Relative));

                Assert.Equal(version, root["Version"]!.GetValue<string>());
                Assert.True(machines.IsSuccessStatusCode);
                var environments = await client.GetStringAsync(new Uri("api/environments?take=100", UriKind.Relative));
                Assert.Equal(withEstateFile, environments.Contains("\"From-Estate-File\"", StringComparison.Ordinal));
                Assert.StartsWith("API-", first["ApiKey"]!.GetValue<string>(), StringComparison.Ordinal);
                foreach (var field in new[] { "HomePath", "InstallPath", "ControlUrl" })
                {
                    Assert.False(string.IsNullOrEmpty(first[field]?.GetValue<string>()), field);
                }

                Assert.True(System.IO.File.Exists(System.IO.Path.Combine(first["InstallPath"]!.GetValue<string>(), "Octopus.Server.exe")));
                var nodeUrl = new Uri(first["NodeUrls"]!["OCTOPUS01"]!.GetValue<string>());
                using var ping = await client.GetAsync(new Uri(nodeUrl, "api/octopusservernodes/ping"));
                Assert.Equal(version.StartsWith("2.", StringComparison.Ordinal) ? System.Net.HttpStatusCode.NotFound : System.Net.HttpStatusCode.OK, ping.StatusCode);
                process.StandardInput.Close();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, process.ExitCode);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                System.IO.File.Delete(estateFile);
            }
        }
    }
}
