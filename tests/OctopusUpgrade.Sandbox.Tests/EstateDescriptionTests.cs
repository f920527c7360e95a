using System.Linq;
using System.Net;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    public sealed class EstateDescriptionTests
    {
        [Fact]
        public async Task Json_description_builds_the_estate()
        {
            var description = EstateDescription.FromJson("""
            {
              // comments are allowed
              "serverVersion": "2019.7.12",
              "seed": 7,
              "spaces": ["Main", "Team B"],
              "machines": [
                { "name": "app01", "environments": ["Staging"], "roles": ["app"], "tentacleVersion": "4.0.7", "communicationStyle": "TentacleActive" },
                { "name": "b01", "space": "Team B", "environments": ["Prod"], "roles": ["db"], "tentacleVersion": "5.0.0", "isOnline": false }
              ],
              "nodes": [ { "name": "NODE-A", "maxConcurrentTasks": 2 }, { "name": "NODE-B", "isInMaintenanceMode": true } ],
              "assumptions": { "healthTaskFailsWhenMachineUnavailable": false }
            }
            """);
            await using var sandbox = await TestSandbox.StartAsync(description);

            // What the description said, read back through the API and shaped as the recorded 2019 documents.
            var spaces = await sandbox.GetJson("/api/spaces/all");
            ShapeAssert.Covers(ShapeAssert.Fixture("spaces-all_2019.x_serverspec.json"), spaces, exact: true);
            Assert.Equal(["Main", "Team B"], spaces.AsArray().Select(s => s!["Name"]!.GetValue<string>()));
            var recordedMachines = ShapeAssert.Fixture("machines-all_2019.x_listening-and-polling_serverspec.json");
            var app01 = (await sandbox.GetJson("/api/Spaces-1/machines/all")).AsArray().Single(m => m!["Name"]!.GetValue<string>() == "app01")!;
            ShapeAssert.Covers(recordedMachines[3]!, app01, exact: true);
            Assert.Equal("TentacleActive", app01["Endpoint"]!["CommunicationStyle"]!.GetValue<string>());
            Assert.Equal("4.0.7", app01["Endpoint"]!["TentacleVersionDetails"]!["Version"]!.GetValue<string>());
            Assert.Equal(["app"], app01["Roles"]!.AsArray().Select(r => r!.GetValue<string>()));
            var b01 = Assert.Single((await sandbox.GetJson("/api/Spaces-2/machines/all")).AsArray())!;
            ShapeAssert.Covers(recordedMachines[0]!, b01, exact: true);
            Assert.Equal(("b01", "Spaces-2", "5.0.0"), (b01["Name"]!.GetValue<string>(), b01["SpaceId"]!.GetValue<string>(), b01["Endpoint"]!["TentacleVersionDetails"]!["Version"]!.GetValue<string>()));
            var nodes = (await sandbox.GetJson("/api/octopusservernodes"))["Items"]!.AsArray();
            Assert.Equal([("NODE-A", 2, false), ("NODE-B", 5, true)], nodes.Select(n => (n!["Name"]!.GetValue<string>(), n["MaxConcurrentTasks"]!.GetValue<int>(), n["IsInMaintenanceMode"]!.GetValue<bool>())));
            Assert.False(sandbox.Estate.Assumptions.HealthTaskFailsWhenMachineUnavailable);
            Assert.Equal(description.ToJson(), EstateDescription.FromJson(description.ToJson()).ToJson());
        }

        [Fact]
        public async Task Same_seed_builds_the_same_estate()
        {
            await using var first = await SandboxServer.StartAsync(EstateDescription.ForVersion("3.12.1"));
            await using var second = await SandboxServer.StartAsync(EstateDescription.ForVersion("3.12.1"));

            Assert.Equal(first.ApiKey, second.ApiKey);
            Assert.Equal(first.Estate.Machines.Select(m => m.Thumbprint), second.Estate.Machines.Select(m => m.Thumbprint));
            Assert.Matches("^API-[A-Z0-9]{27}$", first.ApiKey);
            // The thumbprints are served in the recorded 3.x form: 40 upper-case hex digits.
            const string thumbprint = "^[0-9A-F]{40}$";
            Assert.Matches(thumbprint, ShapeAssert.Fixture("machines-collection_3.3.0_listening_teamcity-plugin.json")["Items"]![0]!["Thumbprint"]!.GetValue<string>());
            using var http = new System.Net.Http.HttpClient { BaseAddress = first.ServerUrl };
            http.DefaultRequestHeaders.Add("X-Octopus-ApiKey", first.ApiKey);
            var served = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new System.Uri("api/machines/all", System.UriKind.Relative)))!.AsArray();
            Assert.NotEmpty(served);
            Assert.All(served, m => Assert.Matches(thumbprint, m!["Thumbprint"]!.GetValue<string>()));
        }

        [Fact]
        public async Task Maintenance_configuration_can_be_absent()
        {
            await using var sandbox = await TestSandbox.StartAsync("2.6.5", d => d.Assumptions.MaintenanceConfigurationAvailable = false);

            using var response = await sandbox.Http.GetAsync(new System.Uri("api/maintenanceconfiguration", System.UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
