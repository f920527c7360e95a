using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The Octopus.Server.exe stand-in on each node of an HA cluster: its own service, binaries and watchdog.</summary>
    public sealed class ServerNodeToolTests
    {
        [Fact]
        public async Task Stopping_one_node_takes_only_that_node_offline_and_the_load_balancer_still_answers()
        {
            await using var sandbox = await ThreeNodes();
            var tool = Tool(sandbox, "NODE2");

            var stop = await ChildProcess.RunAsync(tool, "service", "--console", "--stop", "--instance", "OctopusServer");

            Assert.Equal(0, stop.ExitCode);
            Assert.Equal(ServiceState.Stopped, sandbox.Estate.GetNode("NODE2").Service.State);
            Assert.Equal(ServiceState.Running, sandbox.Estate.GetNode("NODE1").Service.State);
            using var viaBalancer = await sandbox.Http.GetAsync(new Uri("api/octopusservernodes/summary", UriKind.Relative));
            var nodes = JsonNode.Parse(await viaBalancer.Content.ReadAsStringAsync())!["Nodes"]!.AsArray();
            Assert.Equal(new[] { false, true, false }, nodes.Select(n => n!["IsOffline"]!.GetValue<bool>()));
            using var direct = sandbox.Client(sandbox.Server.ApiKey);
            await Assert.ThrowsAsync<HttpRequestException>(() => direct.GetAsync(new Uri(sandbox.Server.NodeUrls["NODE2"], "api")));
        }

        [Fact]
        public async Task Stopping_every_node_makes_the_api_unreachable()
        {
            await using var sandbox = await ThreeNodes();

            foreach (var node in new[] { "NODE1", "NODE2", "NODE3" })
            {
                Assert.Equal(0, (await ChildProcess.RunAsync(Tool(sandbox, node), "service", "--console", "--stop", "--instance", "OctopusServer")).ExitCode);
            }

            await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Http.GetAsync(new Uri("api", UriKind.Relative)));
        }

        [Fact]
        public async Task The_watchdog_is_deleted_and_recreated_and_show_configuration_says_so()
        {
            await using var sandbox = await ThreeNodes();
            var tool = Tool(sandbox, "NODE3");

            var before = await Configuration(tool);
            var delete = await ChildProcess.RunAsync(tool, "watchdog", "--console", "--delete");
            var deleted = await Configuration(tool);
            var create = await ChildProcess.RunAsync(tool, "watchdog", "--console", "--create", "--instances", "OctopusServer", "--interval", "7");
            var created = await Configuration(tool);

            Assert.Equal((0, 0), (delete.ExitCode, create.ExitCode));
            Assert.Equal((true, 10), (before["Octopus.Watchdog.Enabled"]!.GetValue<bool>(), before["Octopus.Watchdog.Interval"]!.GetValue<int>()));
            Assert.False(deleted["Octopus.Watchdog.Enabled"]!.GetValue<bool>());
            Assert.Equal((true, 7, "OctopusServer"), (created["Octopus.Watchdog.Enabled"]!.GetValue<bool>(), created["Octopus.Watchdog.Interval"]!.GetValue<int>(), created["Octopus.Watchdog.Instances"]!.GetValue<string>()));
            Assert.Equal("NODE3", created["Octopus.Server.NodeName"]!.GetValue<string>());
        }

        [Fact]
        public async Task List_instances_prints_json_items_with_the_instance_name()
        {
            await using var sandbox = await ThreeNodes();

            var listed = await ChildProcess.RunAsync(Tool(sandbox, "NODE1"), "list-instances", "--console", "--format=json");

            Assert.Equal(0, listed.ExitCode);
            Assert.Equal("OctopusServer", JsonNode.Parse(listed.Output)!.AsArray().Single()!["InstanceName"]!.GetValue<string>());
        }

        [Fact]
        public async Task Checkservices_starts_a_stopped_instance_and_leaves_a_running_one()
        {
            await using var sandbox = await ThreeNodes();
            var tool = Tool(sandbox, "NODE2");
            sandbox.Estate.GetNode("NODE2").Service.Stop();
            var runningStarts = sandbox.Estate.GetNode("NODE1").Service.Starts;

            var check = await ChildProcess.RunAsync(tool, "checkservices", "--console", "--instances", "*");

            Assert.Equal(0, check.ExitCode);
            Assert.NotEqual(ServiceState.Stopped, sandbox.Estate.GetNode("NODE2").Service.State);
            Assert.Equal(runningStarts, sandbox.Estate.GetNode("NODE1").Service.Starts);
        }

        [Fact]
        public async Task A_node_whose_binaries_are_newer_than_the_database_does_not_start()
        {
            await using var sandbox = await ThreeNodes();
            var node = sandbox.Estate.GetNode("NODE2");
            node.Service.Stop();
            sandbox.Estate.Update(() => node.Version = "2024.1.5000");

            var start = await ChildProcess.RunAsync(Tool(sandbox, "NODE2"), "service", "--console", "--start", "--instance", "OctopusServer");
            var version = await ChildProcess.RunAsync(Tool(sandbox, "NODE2"), "version", "--console", "--format=json");

            Assert.NotEqual(0, start.ExitCode);
            Assert.Contains("database --upgrade", start.Error, StringComparison.Ordinal);
            Assert.Equal(ServiceState.Stopped, node.Service.State);
            Assert.Equal("2024.1.5000", JsonNode.Parse(version.Output)!["MajorMinorPatch"]!.GetValue<string>());
        }

        private static Task<TestSandbox> ThreeNodes() =>
            TestSandbox.StartAsync("2023.1.9000", d =>
            {
                d.Nodes = new[] { "NODE1", "NODE2", "NODE3" }.Select(n => new NodeDescription { Name = n, WatchdogIntervalMinutes = n == "NODE3" ? 10 : null }).ToList();
            });

        private static string Tool(TestSandbox sandbox, string node) => Path.Combine(sandbox.Server.NodeInstallPaths[node], "Octopus.Server.exe");

        private static async Task<JsonObject> Configuration(string tool)
        {
            var shown = await ChildProcess.RunAsync(tool, "show-configuration", "--console", "--instance", "OctopusServer", "--format=json");
            Assert.Equal(0, shown.ExitCode);
            return JsonNode.Parse(shown.Output)!.AsObject();
        }
    }
}
