using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Package upload, step templates, lifecycles, projects, processes, releases and deployments, and what they validate.</summary>
    public sealed class DeploymentApiTests
    {
        public static TheoryData<string, string, string> Resources => new()
        {
            { "3.12.1", "/api/actiontemplates", "ActionTemplateResource" },
            { "3.12.1", "/api/lifecycles", "LifecycleResource" },
            { "3.12.1", "/api/projects", "ProjectResource" },
            { "3.12.1", "/api/deploymentprocesses", "DeploymentProcessResource" },
            { "3.12.1", "/api/releases", "ReleaseResource" },
            { "3.12.1", "/api/deployments", "DeploymentResource" },
            { EstatePresets.Legacy26, "/api/actiontemplates", "ActionTemplateResource" },
            { EstatePresets.Legacy26, "/api/lifecycles", "LifecycleResource" },
            { EstatePresets.Legacy26, "/api/projects", "ProjectResource" },
            { EstatePresets.Legacy26, "/api/deploymentprocesses", "DeploymentProcessResource" },
            { EstatePresets.Legacy26, "/api/releases", "ReleaseResource" },
            { EstatePresets.Legacy26, "/api/deployments", "DeploymentResource" },
        };

        [Theory]
        [MemberData(nameof(Resources))]
        public async Task Resources_use_only_properties_the_recorded_swagger_defines(string version, string route, string definition)
        {
            await using var sandbox = await TestSandbox.StartAsync(version, d => d.TimeScale = 600);
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "", "web-server");
            await HydraProject.DeployEverywhere(sandbox, releaseId);
            var schema = ShapeAssert.Fixture("octopus-server-swagger_2018.3.6_go-octopusdeploy.json")["definitions"]![definition]!["properties"]!.AsObject();

            var item = (await sandbox.GetJson(route + "/all"))[0]!.AsObject();

            // The 2.6.5 export of a step template (the Library's Hydra template) also has SensitiveProperties.
            var allowed = schema.Select(p => p.Key).Append(version == EstatePresets.Legacy26 ? "SensitiveProperties" : "").ToHashSet();
            Assert.DoesNotContain(item.Select(p => p.Key), k => !allowed.Contains(k));
            Assert.All(new[] { "Id", "Links", "LastModifiedOn" }, k => Assert.True(item.ContainsKey(k), k));
            if (version == EstatePresets.Legacy26)
            {
                Assert.Empty(item.Select(p => p.Key).Intersect(["ChannelId", "TenantId", "SpaceId", "CommunityActionTemplateId"]));
            }
        }

        [Fact]
        public async Task Uploaded_package_is_indexed_at_once_and_replaced_only_when_asked()
        {
            await using var sandbox = await TestSandbox.StartAsync(EstatePresets.Legacy26);
            var schema = ShapeAssert.Fixture("octopus-server-swagger_2018.3.6_go-octopusdeploy.json")["definitions"]!["PackageFromBuiltInFeedResource"]!["properties"]!.AsObject();

            var uploaded = (await HydraProject.Upload(sandbox, "OctopusDeploy.Hydra", "3.0.10.268")).AsObject();

            Assert.Equal("OctopusDeploy.Hydra", uploaded["PackageId"]!.GetValue<string>());
            Assert.Equal(schema.Select(p => p.Key).Except(["LastModifiedOn", "LastModifiedBy"]).Order(), uploaded.Select(p => p.Key).Order());
            var listed = await sandbox.GetJson("/api/packages?nuGetPackageId=OctopusDeploy.Hydra");
            Assert.Equal("3.0.10.268", listed["Items"]![0]!["Version"]!.GetValue<string>());
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(sandbox.Estate.Feed.PackagesPath(), "OctopusDeploy.Hydra.3.0.10.268.nupkg")));

            using var again = await HydraProject.UploadResponse(sandbox, HydraProject.PackageBytes("OctopusDeploy.Hydra", "3.0.10.268"), replace: false);
            using var replaced = await HydraProject.UploadResponse(sandbox, HydraProject.PackageBytes("OctopusDeploy.Hydra", "3.0.10.268"), replace: true);
            using var garbage = await HydraProject.UploadResponse(sandbox, [1, 2, 3], replace: false);

            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
            Assert.Equal(1, (await sandbox.GetJson("/api/packages?nuGetPackageId=OctopusDeploy.Hydra"))["TotalResults"]!.GetValue<int>());
        }

        [Fact]
        public async Task Writes_are_validated_as_the_server_would()
        {
            await using var sandbox = await TestSandbox.StartAsync(EstatePresets.Legacy26, d => d.TimeScale = 600);
            var (releaseId, project) = await HydraProject.Prepare(sandbox, "", "web-server");
            var environments = (await sandbox.GetJson("/api/environments"))["Items"]!.AsArray().ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Id"]!.GetValue<string>());
            var narrow = await HydraProject.Created(sandbox, "/api/lifecycles", new JsonObject
            {
                ["Name"] = "Dev then Test",
                ["Phases"] = new JsonArray(
                    new JsonObject { ["Name"] = "Dev", ["AutomaticDeploymentTargets"] = new JsonArray(environments["Development"]) },
                    new JsonObject { ["Name"] = "Test", ["OptionalDeploymentTargets"] = new JsonArray(environments["Test"]) }),
            });
            var staged = await HydraProject.Created(sandbox, "/api/projects", new JsonObject { ["Name"] = "Staged", ["LifecycleId"] = narrow["Id"]!.GetValue<string>() });
            var stagedRelease = await HydraProject.Created(sandbox, "/api/releases", new JsonObject { ["ProjectId"] = staged["Id"]!.GetValue<string>(), ["Version"] = "1.0.0" });
            var process = await sandbox.GetJson(project["Links"]!["DeploymentProcess"]!.GetValue<string>());
            var stale = process.DeepClone();
            stale["Version"] = process["Version"]!.GetValue<int>() - 1;

            var refused = new List<(string Route, JsonNode Body, bool Put)>
            {
                ("/api/projects", new JsonObject { ["Name"] = "No lifecycle" }, false),
                ("/api/projects", new JsonObject { ["Name"] = "upgrade tentacles", ["LifecycleId"] = narrow["Id"]!.GetValue<string>() }, false),
                ("/api/actiontemplates", new JsonObject { ["Name"] = "Hydra - Update Octopus Tentacle", ["ActionType"] = "Octopus.Script" }, false),
                ("/api/lifecycles", new JsonObject { ["Name"] = "Bad", ["Phases"] = new JsonArray(new JsonObject { ["Name"] = "X", ["OptionalDeploymentTargets"] = new JsonArray("Environments-99") }) }, false),
                (process["Links"]!["Self"]!.GetValue<string>(), stale, true),
                ("/api/releases", new JsonObject { ["ProjectId"] = project["Id"]!.GetValue<string>(), ["Version"] = "2.0.0" }, false),
                ("/api/releases", new JsonObject { ["ProjectId"] = project["Id"]!.GetValue<string>(), ["Version"] = "1.0.0", ["SelectedPackages"] = new JsonArray(new JsonObject { ["StepName"] = "Update Octopus Tentacle", ["Version"] = "3.0.10.268" }) }, false),
                ("/api/deployments", new JsonObject { ["ReleaseId"] = stagedRelease["Id"]!.GetValue<string>(), ["EnvironmentId"] = environments["Test"] }, false),
                ("/api/deployments", new JsonObject { ["ReleaseId"] = stagedRelease["Id"]!.GetValue<string>(), ["EnvironmentId"] = environments["Production"] }, false),
            };
            foreach (var (route, body, put) in refused)
            {
                using var response = put ? await sandbox.Put(route, body) : await sandbox.Post(route, body);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, route + " " + body.ToJsonString() + " → " + (int)response.StatusCode + " " + text);
                Assert.NotEmpty(JsonNode.Parse(text)!["Errors"]!.AsArray());
            }

            Assert.Equal(project["Id"]!.GetValue<string>(), (await sandbox.GetJson("/api/projects/Upgrade Tentacles"))["Id"]!.GetValue<string>());
            Assert.Equal(1, (await sandbox.GetJson("/api/projects?name=Upgrade%20Tentacles"))["TotalResults"]!.GetValue<int>());
            Assert.Equal(releaseId, (await sandbox.GetJson("/api/projects/" + project["Id"]!.GetValue<string>() + "/releases"))["Items"]![0]!["Id"]!.GetValue<string>());
        }

        [Theory]
        [InlineData(true, HttpStatusCode.Forbidden)]
        [InlineData(false, HttpStatusCode.Created)]
        public async Task Maintenance_mode_blocks_an_admins_deployment_where_it_blocks_admin_tasks(bool blocksAdminTasks, HttpStatusCode expected)
        {
            await using var sandbox = await TestSandbox.StartAsync(EstatePresets.Legacy26, d => d.Assumptions.MaintenanceBlocksAdminTasks = blocksAdminTasks);
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "", "web-server");
            sandbox.Estate.IsInMaintenanceMode = true;
            var environment = (await sandbox.GetJson("/api/environments"))["Items"]![0]!["Id"]!.GetValue<string>();

            using var response = await sandbox.Post("/api/deployments", new JsonObject { ["ReleaseId"] = releaseId, ["EnvironmentId"] = environment });

            Assert.Equal(expected, response.StatusCode);
            Assert.Equal(blocksAdminTasks ? 0 : 1, sandbox.Estate.Tasks.Count(t => t.Name == "Deploy"));
        }

        [Fact]
        public async Task Release_keeps_the_process_it_was_created_from()
        {
            await using var sandbox = await HydraTests.TwentyTentacles();
            var (releaseId, project) = await HydraProject.Prepare(sandbox, "", "tentacle");
            var processPath = project["Links"]!["DeploymentProcess"]!.GetValue<string>();
            var process = await sandbox.GetJson(processPath);
            process["Steps"]![0]!["Actions"]![0]!["Properties"]!["ServerMapping"] = "https://nowhere:10943/";
            using (var put = await sandbox.Put(processPath, process))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            await HydraProject.DeployEverywhere(sandbox, releaseId);
            await HydraProject.WaitForVersion(sandbox, HydraProject.PackageVersion, "tentacle02");

            Assert.Equal("https://octopus01:10943/", (await HydraProject.Tentacle(sandbox, "tentacle02"))["PollingAddress"]!.GetValue<string>());
        }

        [Fact]
        public async Task Upgrade_waits_behind_a_running_deployment_and_does_not_kill_it()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d =>
            {
                d.TimeScale = 500;
                d.Machines.ForEach(m => m.TentacleVersion = "4.0.1");
                d.Assumptions.BundledTentacleVersion = "5.0.15";
            });
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "", "web-server");
            var test = (await sandbox.GetJson("/api/environments"))["Items"]!.AsArray().Single(e => e!["Name"]!.GetValue<string>() == "Test")!["Id"]!.GetValue<string>();
            var web02 = sandbox.Estate.GetMachine("web02").Id;
            sandbox.Server.Faults.HangNextTask("Deploy");
            var deployment = await HydraProject.Created(sandbox, "/api/deployments", new JsonObject { ["ReleaseId"] = releaseId, ["EnvironmentId"] = test });
            var deployTask = deployment["TaskId"]!.GetValue<string>();
            await Until(sandbox, deployTask, t => t["State"]!.GetValue<string>() == "Executing");

            var upgrade = await sandbox.CreateTask("Upgrade", new JsonObject { ["MachineIds"] = new JsonArray(web02) });
            var waiting = await Until(sandbox, upgrade + "/details", d => d["ActivityLogs"]!.ToJsonString().Contains("Waiting for machines", StringComparison.Ordinal));

            Assert.Equal("Executing", waiting["Task"]!["State"]!.GetValue<string>());
            Assert.Equal("Executing", (await sandbox.GetJson("/api/tasks/" + deployTask))["State"]!.GetValue<string>());
            Assert.Equal("4.0.1", sandbox.Estate.GetMachine("web02").TentacleVersion);
            var history = (await sandbox.GetJson("/api/Spaces-1/machines/" + web02 + "/tasks"))["Items"]!.AsArray();
            Assert.Contains(history, t => t!["Id"]!.GetValue<string>() == deployTask && t["Name"]!.GetValue<string>() == "Deploy");

            using (await sandbox.Post("/api/tasks/" + deployTask + "/cancel", new JsonObject()))
            {
                Assert.Equal("Success", (await sandbox.WaitForTask(upgrade))["State"]!.GetValue<string>());
            }

            Assert.Equal("Canceled", (await sandbox.GetJson("/api/tasks/" + deployTask))["State"]!.GetValue<string>());
            Assert.Equal("5.0.15", sandbox.Estate.GetMachine("web02").TentacleVersion);
        }

        private static Task<JsonNode> Until(TestSandbox sandbox, string task, Func<JsonNode, bool> condition) =>
            TestSandbox.Until(() => sandbox.GetJson("/api/tasks/" + task), condition, "Task " + task + " reaching the expected state");
    }
}
