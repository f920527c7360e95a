using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The built-in feed's index versus its files, re-indexing, and the service with its Octopus.Server.exe stand-in.</summary>
    public sealed class FeedAndServiceTests
    {
        [Theory]
        [InlineData("2.6.5", "OctopusServer/Repository/Packages")]
        [InlineData("3.12.1", "Packages")]
        [InlineData("2019.7.12", "Packages/Spaces-1")]
        public async Task Packages_are_real_nupkgs_in_the_versions_folder(string version, string folder)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);

            var files = Directory.GetFiles(Path.Combine(sandbox.Server.HomePath, folder), "*.nupkg");

            Assert.Equal(3, files.Length);
            using var zip = System.IO.Compression.ZipFile.OpenRead(files[0]);
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Index_ignores_copied_files_until_a_restart_reindexes()
        {
            await using var sandbox = await TestSandbox.StartAsync("3.12.1");
            sandbox.Estate.Feed.AddPackageFile("Acme.Copied", "1.0.0");
            Assert.Equal(3, (await sandbox.GetJson("/api/feeds/feeds-builtin/packages")).AsArray().Count);
            Assert.Equal(3, (await sandbox.GetJson("/api/serverstatus/nuget"))["TotalPackages"]!.GetValue<int>());

            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");
            var (exitCode, output, _) = await ChildProcess.RunAsync(tool, "service", "--instance=OctopusServer", "--restart");

            Assert.Equal(0, exitCode);
            Assert.Contains("Service restarted", output, StringComparison.Ordinal);
            Assert.Equal(4, await WaitForTotal(sandbox, "/api/serverstatus/nuget", 4));
            Assert.Contains("Acme.Copied", (await sandbox.GetJson("/api/packages")).ToJsonString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("3.12.1", "/api/serverstatus/nuget")]
        [InlineData("2019.7.12", "/api/Spaces-1/feeds/stats")]
        public async Task A_restart_indexes_packages_in_id_sub_folders_as_the_26_layout_keeps_them(string version, string route)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);
            var nested = sandbox.Estate.Feed.AddPackageFile("Acme.Nested", "2.6.0", inIdFolder: true);
            Assert.Equal(Path.Combine(sandbox.Estate.Feed.PackagesPath(), "Acme.Nested", "Acme.Nested.2.6.0.nupkg"), nested);

            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");
            var (exitCode, _, _) = await ChildProcess.RunAsync(tool, "service", "--instance=OctopusServer", "--restart");

            Assert.Equal(0, exitCode);
            Assert.Equal(4, await WaitForTotal(sandbox, route, 4));
            Assert.Contains("Acme.Nested", (await sandbox.GetJson("/api/packages")).ToJsonString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Reindex_task_on_modern_versions_fills_the_index_over_time()
        {
            await using var sandbox = await TestSandbox.StartAsync("2024.3.12741");
            for (var i = 0; i < 5; i++)
            {
                sandbox.Estate.Feed.AddPackageFile("Acme.Bulk", "1.0." + i);
            }

            var task = await sandbox.WaitForTask(await sandbox.CreateTask(sandbox.Estate.Assumptions.ReindexTaskName));

            Assert.Equal("Success", task["State"]!.GetValue<string>());
            Assert.Equal(8, (await sandbox.GetJson("/api/Spaces-1/feeds/stats"))["TotalPackages"]!.GetValue<int>());
            var page = await sandbox.GetJson("/api/Spaces-1/packages?take=5");
            Assert.Equal(8, page["TotalResults"]!.GetValue<int>());
            Assert.Equal(5, page["Items"]!.AsArray().Count);
        }

        [Fact]
        public async Task Search_and_versions_page_the_index()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");

            var search = await sandbox.GetJson("/api/Spaces-1/feeds/feeds-builtin/packages/search?term=Acme");
            var versions = await sandbox.GetJson("/api/feeds/feeds-builtin/packages/versions?packageId=Acme.Web&take=1");
            using var noPackageId = await sandbox.Http.GetAsync(new Uri("api/feeds/feeds-builtin/packages/versions", UriKind.Relative));

            Assert.Equal(2, search["TotalResults"]!.GetValue<int>());
            Assert.Contains(search["Items"]!.AsArray(), i => i!["Id"]!.GetValue<string>() == "Acme.Web" && i["LatestVersion"]!.GetValue<string>() == "1.1.0");
            Assert.Equal(2, versions["TotalResults"]!.GetValue<int>());
            Assert.NotNull(versions["Links"]!["Page.Next"]);
            Assert.Equal(HttpStatusCode.BadRequest, noPackageId.StatusCode);
        }

        [Fact]
        public async Task Starting_service_answers_503_and_stopped_service_drops_connections()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d => d.Durations.ServiceStartSeconds = 3600);
            var api = new Uri("api", UriKind.Relative);

            sandbox.Estate.Service.Stop();
            await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Http.GetAsync(api));
            sandbox.Estate.Service.Start();
            using var starting = await sandbox.Http.GetAsync(api);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
            Assert.Equal(ServiceState.Starting, sandbox.Estate.Service.State);
        }

        [Fact]
        public async Task Stand_in_stops_starts_and_reports_the_version()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");

            var stop = await ChildProcess.RunAsync(tool, "service", "--stop", "--instance", "OctopusServer");
            Assert.Equal(0, stop.ExitCode);
            Assert.Equal(ServiceState.Stopped, sandbox.Estate.Service.State);
            var wrongInstance = await ChildProcess.RunAsync(tool, "service", "--start", "--instance=Other");
            Assert.NotEqual(0, wrongInstance.ExitCode);
            Assert.Contains("Other", wrongInstance.Error, StringComparison.Ordinal);
            var start = await ChildProcess.RunAsync(tool, "service", "--start", "--instance=OctopusServer");
            Assert.Equal(0, start.ExitCode);
            Assert.NotEqual(ServiceState.Stopped, sandbox.Estate.Service.State);
            var version = await ChildProcess.RunAsync(tool, "version");
            Assert.Equal("2019.7.12", version.Output.Trim());
            var json = await ChildProcess.RunAsync(tool, "version", "--format=json");
            Assert.Equal("2019.7.12", System.Text.Json.Nodes.JsonNode.Parse(json.Output)!["MajorMinorPatch"]!.GetValue<string>());
            var help = await ChildProcess.RunAsync(tool, "version", "--help");
            Assert.StartsWith("Usage: octopus.server version [<options>]", help.Output, StringComparison.Ordinal);
        }

        // Waits for the count to reach the expected one (a count past it ends the wait too, and fails the caller's assertion).
        private static Task<int> WaitForTotal(TestSandbox sandbox, string route, int expected) =>
            TestSandbox.Until(
                async () =>
                {
                    try
                    {
                        return (await sandbox.GetJson(route))["TotalPackages"]!.GetValue<int>();
                    }
                    catch (HttpRequestException)
                    {
                        // 503 while the service starts.
                        return -1;
                    }
                },
                t => t >= expected,
                route + " counting " + expected + " packages");

        [Fact]
        public async Task Stand_in_drains_the_node_waits_and_cancels_what_is_left()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d =>
            {
                d.Nodes[0].RunningTasks = 2;
                d.Durations.DeploymentSeconds = 36_000;
            });
            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");
            Assert.Equal(2, (await sandbox.GetJson("/api/octopusservernodes/summary"))["Nodes"]![0]!["RunningTaskCount"]!.GetValue<int>());

            var drain = await ChildProcess.RunAsync(tool, "node", "--instance=OctopusServer", "--drain=true", "--wait=5", "--cancel-tasks");

            Assert.Equal(0, drain.ExitCode);
            Assert.True(sandbox.Estate.Nodes[0].IsInMaintenanceMode);
            await TestSandbox.Until(() => sandbox.GetJson("/api/octopusservernodes/summary"), s => s["Nodes"]![0]!["RunningTaskCount"]!.GetValue<int>() == 0, "The node running nothing");
            Assert.Equal(2, (await sandbox.GetJson("/api/tasks?states=Canceled"))["TotalResults"]!.GetValue<int>());
        }

        [Fact]
        public async Task Stopping_the_service_fails_running_tasks()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d =>
            {
                d.Nodes[0].RunningTasks = 1;
                d.Durations.DeploymentSeconds = 36_000;
            });

            sandbox.Estate.Service.Restart();
            var task = sandbox.Estate.Tasks.Single();

            Assert.Equal("Failed", task.State);
            Assert.Contains("service stopped", task.ErrorMessage, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Stand_in_shows_the_configuration_in_the_recorded_layout()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            var tool = Path.Combine(sandbox.Server.InstallPath, "Octopus.Server.exe");

            var hierarchical = await ChildProcess.RunAsync(tool, "show-configuration", "--instance=OctopusServer", "--format=json-hierarchical");
            var xml = await ChildProcess.RunAsync(tool, "show-configuration");

            Assert.Equal(0, hierarchical.ExitCode);
            var actual = System.Text.Json.Nodes.JsonNode.Parse(hierarchical.Output)!["Octopus"]!;
            var recorded = ShapeAssert.Fixture("octopus.server_show-configuration_json-hierarchical_octopusdsc.json")["Octopus"]!;
            foreach (var path in new[] { "Communications/ServicesPort", "Storage/ExternalDatabaseConnectionString", "Server/NodeName", "Server/TaskCap", "Server/MaintenanceMode", "Home", "Folders/PackagesDirectory", "Folders/LogDirectory", "Folders/ArtifactsDirectory" })
            {
                var parts = path.Split('/');
                var expected = parts.Aggregate(recorded, (node, part) => node[part]!);
                var got = parts.Aggregate(actual, (node, part) => node[part]!);
                Assert.True(expected.GetValueKind() == got.GetValueKind(), $"{path}: recorded as {expected.GetValueKind()}, served as {got.GetValueKind()}");
            }

            Assert.Equal(sandbox.Server.Estate.Nodes[0].Name, actual["Server"]!["NodeName"]!.GetValue<string>());
            foreach (var folder in new[] { "PackagesDirectory", "LogDirectory", "ArtifactsDirectory" })
            {
                Assert.StartsWith(sandbox.Server.HomePath, actual["Folders"]![folder]!.GetValue<string>(), StringComparison.Ordinal);
            }

            Assert.Equal(sandbox.Server.HomePath, actual["Home"]!.GetValue<string>());
            Assert.Contains("<set key=\"Octopus.Home\">", xml.Output, StringComparison.Ordinal);
        }
    }
}
