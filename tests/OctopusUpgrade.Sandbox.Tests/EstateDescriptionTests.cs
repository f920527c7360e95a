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
                { "name": "b01", "space": "Team B", "environments": ["Prod"], "tentacleVersion": "5.0.0", "isOnline": false }
              ],
              "nodes": [ { "name": "NODE-A", "maxConcurrentTasks": 2 }, { "name": "NODE-B", "isInMaintenanceMode": true } ],
              "assumptions": { "healthTaskFailsWhenMachineUnavailable": false }
            }
            """);
            await using var server = await SandboxServer.StartAsync(description);

            Assert.Equal(["Main", "Team B"], server.Estate.Spaces.Select(s => s.Name));
            Assert.Equal("Spaces-2", server.Estate.GetMachine("b01").SpaceId);
            Assert.Equal("TentacleActive", server.Estate.GetMachine("app01").CommunicationStyle);
            Assert.Equal(2, server.Estate.Nodes[0].MaxConcurrentTasks);
            Assert.True(server.Estate.Nodes[1].IsInMaintenanceMode);
            Assert.False(server.Estate.Assumptions.HealthTaskFailsWhenMachineUnavailable);
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
