using System;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Authentication, permissions, maintenance mode, HA nodes and space routing.</summary>
    public sealed class ApiRuleTests
    {
        private const string Unauthorized = "Either your API key is invalid, or your account has been disabled. Please contact your Octopus administrator.";

        [Fact]
        public async Task Missing_or_wrong_key_gets_401_with_the_documented_body()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            using var anonymous = sandbox.Client(null);
            using var wrong = sandbox.Client("API-WRONGKEY");

            foreach (var client in new[] { anonymous, wrong })
            {
                using var response = await client.GetAsync(new Uri("api/machines", UriKind.Relative));
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal(Unauthorized, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ErrorMessage"]!.GetValue<string>());
            }
        }

        [Fact]
        public async Task Key_in_the_query_string_is_accepted()
        {
            await using var sandbox = await TestSandbox.StartAsync("3.12.1");
            using var anonymous = sandbox.Client(null);

            using var response = await anonymous.GetAsync(new Uri("api/machines?apikey=" + sandbox.Server.ApiKey, UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        [Fact]
        public async Task Non_admin_cannot_toggle_maintenance_mode()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            using var user = sandbox.Client(sandbox.Server.NonAdminApiKey);

            using var response = await sandbox.Put("/api/maintenanceconfiguration", new JsonObject { ["IsInMaintenanceMode"] = true }, user);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.StartsWith("You do not have permission", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(null, HttpStatusCode.Created)]
        [InlineData(true, HttpStatusCode.Forbidden)]
        public async Task Maintenance_mode_blocks_non_admin_writes_and_optionally_admin_tasks(bool? blocksAdminTasks, HttpStatusCode adminExpected)
        {
            await using var sandbox = await TestSandbox.StartAsync("2.6.5", d => d.Assumptions.MaintenanceBlocksAdminTasks = blocksAdminTasks);
            using var user = sandbox.Client(sandbox.Server.NonAdminApiKey);
            using var on = await sandbox.Put("/api/maintenanceconfiguration", new JsonObject { ["Id"] = "maintenance", ["IsInMaintenanceMode"] = "true" });
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
            Assert.True((await sandbox.GetJson("/api/maintenanceconfiguration"))["IsInMaintenanceMode"]!.GetValue<bool>());

            using var userTask = await sandbox.Post("/api/tasks", new JsonObject { ["Name"] = "Health" }, user);
            using var adminTask = await sandbox.Post("/api/tasks", new JsonObject { ["Name"] = "Backup" });

            Assert.Equal(HttpStatusCode.Forbidden, userTask.StatusCode);
            Assert.Equal(adminExpected, adminTask.StatusCode);
            using var userRead = await user.GetAsync(new Uri("api/machines", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, userRead.StatusCode);
        }

        [Fact]
        public async Task Ping_answers_418_while_the_node_drains()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            using var anonymous = sandbox.Client(null);
            var ping = new Uri("api/octopusservernodes/ping", UriKind.Relative);
            using (var before = await anonymous.GetAsync(ping))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            var node = await sandbox.GetJson("/api/octopusservernodes/OctopusServerNodes-OCTOPUS01");
            node["IsInMaintenanceMode"] = true;
            using var put = await sandbox.Put("/api/octopusservernodes/OctopusServerNodes-OCTOPUS01", node);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

            using var during = await anonymous.GetAsync(ping);
            Assert.Equal((HttpStatusCode)418, during.StatusCode);
            Assert.True(JsonNode.Parse(await during.Content.ReadAsStringAsync())!["IsInMaintenanceMode"]!.GetValue<bool>());
            using var health = await anonymous.GetAsync(new Uri("api/serverstatus/health", UriKind.Relative));
            Assert.Equal((HttpStatusCode)418, health.StatusCode);
            Assert.True(JsonNode.Parse(await health.Content.ReadAsStringAsync())!["IsEntireClusterDrainingTasks"]!.GetValue<bool>());
        }

        [Fact]
        public async Task Scoped_and_unscoped_routes_agree_from_2019_and_scoped_routes_are_unknown_before()
        {
            await using var modern = await TestSandbox.StartAsync("2019.7.12");
            await using var old = await TestSandbox.StartAsync("3.12.1");

            var scoped = await modern.GetJson("/api/Spaces-1/environments");
            ShapeAssert.Covers(ShapeAssert.Fixture("environments-collection_2019.x_serverspec.json"), scoped, exact: true);
            Assert.Equal((await modern.GetJson("/api/environments")).ToJsonString(), scoped.ToJsonString());
            using var unknownSpace = await modern.Http.GetAsync(new Uri("api/Spaces-9/environments", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, unknownSpace.StatusCode);
            using var scopedOnOld = await old.Http.GetAsync(new Uri("api/Spaces-1/machines", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, scopedOnOld.StatusCode);
            Assert.Equal("The resource was not found..", JsonNode.Parse(await scopedOnOld.Content.ReadAsStringAsync())!["ErrorMessage"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("3.12.1", false, false)]
        [InlineData("2019.4.5", true, false)]
        [InlineData("2019.7.12", true, true)]
        public async Task Node_api_follows_its_era(string version, bool hasSummary, bool hasHealth)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);

            using var summary = await sandbox.Http.GetAsync(new Uri("api/octopusservernodes/summary", UriKind.Relative));
            using var health = await sandbox.Http.GetAsync(new Uri("api/serverstatus/health", UriKind.Relative));
            using var ping = await sandbox.Http.GetAsync(new Uri("api/octopusservernodes/ping", UriKind.Relative));
            var node = (await sandbox.GetJson("/api/octopusservernodes"))["Items"]![0]!.AsObject();

            Assert.Equal(hasSummary ? HttpStatusCode.OK : HttpStatusCode.NotFound, summary.StatusCode);
            Assert.Equal(hasHealth ? HttpStatusCode.OK : HttpStatusCode.NotFound, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            Assert.Equal(!hasSummary, node.ContainsKey("LastSeen"));
            Assert.Equal(!hasSummary, node.ContainsKey("Rank"));
        }

        [Fact]
        public async Task Two_X_has_no_node_api()
        {
            await using var sandbox = await TestSandbox.StartAsync("2.6.5");

            using var response = await sandbox.Http.GetAsync(new Uri("api/octopusservernodes", UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Theory]
        [InlineData("2.6.5", "OctopusServer/Repository/Packages")]
        [InlineData("3.12.1", "Packages")]
        [InlineData("2019.7.12", "Packages")]
        public async Task Server_folders_point_into_the_home_folder(string version, string packages)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);

            var folders = await sandbox.GetJson("/api/configuration/server-folders/values");

            Assert.Equal(System.IO.Path.Combine(sandbox.Server.HomePath, packages), folders["PackagesDirectory"]!.GetValue<string>());
            Assert.True(System.IO.Directory.Exists(folders["LogsDirectory"]!.GetValue<string>()));
        }

        [Fact]
        public async Task License_status_reflects_the_estate()
        {
            await using var sandbox = await TestSandbox.StartAsync("2024.3.12741", d =>
            {
                d.License.IsCompliant = false;
                d.License.SerialNumber = "7-TEST-SERIAL";
            });

            var status = await sandbox.GetJson("/api/licenses/licenses-current-status");
            var license = await sandbox.GetJson("/api/licenses/licenses-current");

            Assert.False(status["IsCompliant"]!.GetValue<bool>());
            Assert.NotEmpty(status["Messages"]!.AsArray());
            Assert.Equal("7-TEST-SERIAL", license["SerialNumber"]!.GetValue<string>());
        }

        [Fact]
        public async Task Machine_upgrade_lock_can_be_set_by_put()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            var machine = await sandbox.GetJson("/api/machines/Machines-1");
            machine["Endpoint"]!["TentacleVersionDetails"]!["UpgradeLocked"] = true;

            using var response = await sandbox.Put("/api/Spaces-1/machines/Machines-1", machine);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await sandbox.GetJson("/api/Spaces-1/machines/Machines-1"))["Endpoint"]!["TentacleVersionDetails"]!["UpgradeLocked"]!.GetValue<bool>());
            Assert.True(sandbox.Estate.GetMachine("web01").UpgradeLocked);
        }
    }
}
