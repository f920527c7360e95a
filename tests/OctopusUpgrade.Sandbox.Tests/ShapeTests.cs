using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The sandbox answers in the shapes real servers recorded.</summary>
    public sealed class ShapeTests
    {
        [Theory]
        [InlineData("api-root_3.12.1_teamcity-plugin.json", "3.12.1")]
        [InlineData("api-root_2019.4.5_serverspec.json", "2019.4.5")]
        [InlineData("api-root_2019.7.12_octopusclients.json", "2019.7.12")]
        [InlineData("api-root_2022.1.2386_docs-example-trimmed.json", "2024.3.12741")]
        public async Task Root_carries_every_field_and_link_of_its_era(string fixture, string version)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);
            using var anonymous = sandbox.Client(null);
            var root = JsonNode.Parse(await anonymous.GetStringAsync(new System.Uri("api", System.UriKind.Relative)))!;

            ShapeAssert.Covers(ShapeAssert.Fixture(fixture), root);
            Assert.Equal(version, root["Version"]!.GetValue<string>());
        }

        [Fact]
        public async Task Root_links_are_bound_to_the_default_space_from_2019()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d => d.Spaces = ["Main", "Other"]);
            var root = await sandbox.GetJson("/api");

            Assert.StartsWith("/api/Spaces-1/machines{", root["Links"]!["Machines"]!.GetValue<string>(), System.StringComparison.Ordinal);
            Assert.Equal("/api/tasks{/id}{?skip,active,environment,tenant,project,name,node,running,states,hasPendingInterruptions,hasWarningsOrErrors,take,ids,partialName,spaces,includeSystem}",
                root["Links"]!["Tasks"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("3.12.1", false, false)]
        [InlineData("2018.10.0", true, false)]
        [InlineData("2019.4.5", true, false)]
        [InlineData("2019.7.12", true, true)]
        public async Task Root_links_follow_the_features_of_the_version(string version, bool workers, bool serverHealth)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);
            var links = (await sandbox.GetJson("/api"))["Links"]!.AsObject();

            Assert.Equal(workers, links.ContainsKey("Workers"));
            Assert.Equal(serverHealth, links.ContainsKey("ServerHealthStatus"));
        }

        [Fact]
        public async Task Legacy_root_has_the_two_X_links()
        {
            await using var sandbox = await TestSandbox.StartAsync("2.6.5");
            var root = await sandbox.GetJson("/api");

            Assert.Equal("2.6.5", root["Version"]!.GetValue<string>());
            Assert.Equal("/api/machines{?nonStale,skip}", root["Links"]!["Machines"]!.GetValue<string>());
        }

        [Fact]
        public async Task Two_six_machine_has_the_two_X_item_shape()
        {
            await using var sandbox = await TestSandbox.StartAsync("2.6.5");
            var machines = await sandbox.GetJson("/api/machines");
            var machine = machines["Items"]![0]!;

            ShapeAssert.Covers(ShapeAssert.Fixture("machine_listening_2.6.5_machines-1.json"), machine, exact: true);
            Assert.StartsWith("machines-", machine["Id"]!.GetValue<string>(), System.StringComparison.Ordinal);
            Assert.Null(machine["Endpoint"]);
        }

        [Fact]
        public async Task Three_X_machine_collection_has_the_recorded_shape()
        {
            await using var sandbox = await TestSandbox.StartAsync("3.3.0");
            var machines = await sandbox.GetJson("/api/machines");

            ShapeAssert.Covers(ShapeAssert.Fixture("machines-collection_3.3.0_listening_teamcity-plugin.json"), machines, exact: true);
        }

        [Theory]
        [InlineData("/api/Spaces-1/machines/all", "machines-all_2019.x_listening-and-polling_serverspec.json", 0, 0)]
        [InlineData("/api/Spaces-1/machines/all", "machines-all_2019.x_listening-and-polling_serverspec.json", 3, 3)]
        [InlineData("/api/Spaces-1/workers/all", "workers-all_2019.x_listening-and-polling_serverspec.json", 0, 0)]
        public async Task Twenty_nineteen_machines_have_the_recorded_shape(string route, string fixture, int recordedIndex, int sandboxIndex)
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            var items = await sandbox.GetJson(route);

            ShapeAssert.Covers(ShapeAssert.Fixture(fixture)[recordedIndex]!, items[sandboxIndex]!, exact: true);
            Assert.Equal(ShapeAssert.Fixture(fixture)[recordedIndex]!["Endpoint"]!["CommunicationStyle"]!.GetValue<string>(),
                items[sandboxIndex]!["Endpoint"]!["CommunicationStyle"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("/api/Spaces-1/machines/all", "machines-all_2019.x_listening-and-polling_serverspec.json", 3, 3)]
        [InlineData("/api/Spaces-1/workers/all", "workers-all_2019.x_listening-and-polling_serverspec.json", 1, 1)]
        public async Task Polling_tentacle_keeps_its_address_only_in_the_endpoint(string route, string fixture, int recordedIndex, int sandboxIndex)
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d => d.Machines.Add(new MachineDescription { Name = "worker02", IsWorker = true, CommunicationStyle = "TentacleActive" }));
            var recorded = ShapeAssert.Fixture(fixture)[recordedIndex]!;
            var item = (await sandbox.GetJson(route))[sandboxIndex]!;

            Assert.All(new[] { recorded, item }, m =>
            {
                Assert.Equal("TentacleActive", m["Endpoint"]!["CommunicationStyle"]!.GetValue<string>());
                Assert.Null(m["Uri"]);
                Assert.Matches("^poll://[a-z0-9]+/$", m["Endpoint"]!["Uri"]!.GetValue<string>());
            });
        }

        [Fact]
        public async Task Environment_collection_and_spaces_have_the_recorded_shapes()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");

            ShapeAssert.Covers(ShapeAssert.Fixture("environments-collection_2019.x_serverspec.json"), await sandbox.GetJson("/api/Spaces-1/environments"), exact: true);
            ShapeAssert.Covers(ShapeAssert.Fixture("spaces-all_2019.x_serverspec.json")[0]!, (await sandbox.GetJson("/api/spaces/all"))[0]!, exact: true);
        }

        [Theory]
        [InlineData("2.6.5", "task_health_success_2.6.5_ServerTasks-622.json")]
        [InlineData("3.3.0", "task_health_success_3.3.0_ServerTasks-620.json")]
        public async Task Completed_health_task_has_the_recorded_shape(string version, string fixture)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);
            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Health"));

            ShapeAssert.Covers(ShapeAssert.Fixture(fixture), task, exact: true);
        }

        [Fact]
        public async Task Machine_task_page_has_the_recorded_shape()
        {
            await using var sandbox = await TestSandbox.StartAsync("3.12.1");
            await sandbox.WaitForTask(await sandbox.CreateTask("Health", new JsonObject { ["MachineIds"] = new JsonArray("Machines-1") }));
            await sandbox.WaitForTask(await sandbox.CreateTask("Health", new JsonObject { ["MachineIds"] = new JsonArray("Machines-2") }));

            var page = (await sandbox.GetJson("/api/machines/Machines-1/tasks")).AsObject();
            var recorded = ShapeAssert.Fixture("machine-tasks-page_skip0_demo-2017_octopusclients.json").AsObject();

            Assert.Equal(1, page["TotalResults"]!.GetValue<int>());
            Assert.Equal(recorded.Select(p => p.Key), page.Select(p => p.Key));
            // Arguments differ by task type (the recording is a Deploy); everything else must match.
            var recordedItem = recorded["Items"]![0]!.DeepClone().AsObject();
            var item = page["Items"]![0]!.DeepClone().AsObject();
            recordedItem.Remove("Arguments");
            item.Remove("Arguments");
            ShapeAssert.Covers(recordedItem, item, exact: true);
        }

        [Fact]
        public async Task Node_summary_and_ping_have_the_documented_shape()
        {
            await using var sandbox = await TestSandbox.StartAsync("2024.3.12741");

            var summary = await sandbox.GetJson("/api/octopusservernodes/summary");
            var recorded = ShapeAssert.Fixture("octopusservernodes_summary_docs-example.json")["Nodes"]![0]!.AsObject();
            var served = summary["Nodes"]![0]!;
            foreach (var name in new[] { "Id", "Name", "MaxConcurrentTasks", "IsInMaintenanceMode", "LastSeen", "IsOffline", "RunningTaskCount", "Version" })
            {
                Assert.True(recorded.ContainsKey(name));
                Assert.True(recorded[name]!.GetValueKind() == served[name]?.GetValueKind(), $"{name}: recorded as {recorded[name]!.GetValueKind()}, served as {served[name]?.GetValueKind()}");
            }

            Assert.True(System.DateTimeOffset.TryParse(served["LastSeen"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _), "LastSeen is not an ISO time");
            Assert.Equal("2024.3.12741", served["Version"]!.GetValue<string>());
        }
    }
}
