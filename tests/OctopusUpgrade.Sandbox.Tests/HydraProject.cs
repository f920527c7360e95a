using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>
    /// Sets up Hydra on a sandbox over HTTP the way the documented 2.6 steps do: upload the package, create the step
    /// template, a lifecycle reaching the environments, the project and its one-step process, a release; then deploy.
    /// </summary>
    internal static class HydraProject
    {
        public const string PackageVersion = "3.0.10.268";

        // The step template's script, as the Library's Hydra template runs it (the sandbox keys on Hydra.exe in it).
        private const string Script = "if ([System.String]::IsNullOrEmpty($ServerMapping)) { & .\\Hydra.exe --defer } else { & .\\Hydra.exe --defer --servers=$ServerMapping }";

        public static async Task<JsonNode> Upload(TestSandbox sandbox, string id, string version, bool replace = false)
        {
            using var response = await UploadResponse(sandbox, PackageBytes(id, version), replace);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        public static async Task<HttpResponseMessage> UploadResponse(TestSandbox sandbox, byte[] content, bool replace)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "fileData", "package.nupkg");
            return await sandbox.Http.PostAsync(new Uri("api/packages/raw" + (replace ? "?replace=true" : ""), UriKind.Relative), form);
        }

        public static byte[] PackageBytes(string id, string version)
        {
            var folder = Path.Combine(Path.GetTempPath(), "hydra-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                return File.ReadAllBytes(NupkgWriter.Write(folder, id, version));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        public static async Task<JsonNode> Created(TestSandbox sandbox, string path, JsonNode body)
        {
            using var response = await sandbox.Post(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, path + ": " + (int)response.StatusCode + " " + text);
            return JsonNode.Parse(text)!;
        }

        /// <summary>Everything up to the release; returns the release and environment ids by name.</summary>
        public static async Task<(string ReleaseId, JsonNode Project)> Prepare(TestSandbox sandbox, string serverMapping, string roles)
        {
            await Upload(sandbox, "OctopusDeploy.Hydra", PackageVersion);
            var template = await Created(sandbox, "/api/actiontemplates", new JsonObject
            {
                ["Name"] = "Hydra - Update Octopus Tentacle",
                ["Description"] = "Updates a 2.6 Tentacle to 3.0.",
                ["ActionType"] = "Octopus.TentaclePackage",
                ["Properties"] = TemplateProperties(),
                ["Parameters"] = new JsonArray(new JsonObject { ["Name"] = "ServerMapping", ["Label"] = "Server Mapping", ["HelpText"] = "", ["DefaultValue"] = null }),
            });
            var environments = (await sandbox.GetJson("/api/environments"))["Items"]!.AsArray().Select(e => (JsonNode?)e!["Id"]!.GetValue<string>()).ToArray();
            var lifecycle = await Created(sandbox, "/api/lifecycles", new JsonObject
            {
                ["Name"] = "Upgrade Tentacles",
                ["Phases"] = new JsonArray(new JsonObject { ["Name"] = "Everywhere", ["OptionalDeploymentTargets"] = new JsonArray(environments) }),
            });
            var project = await Created(sandbox, "/api/projects", new JsonObject { ["Name"] = "Upgrade Tentacles", ["LifecycleId"] = lifecycle["Id"]!.GetValue<string>() });
            var processPath = project["Links"]!["DeploymentProcess"]!.GetValue<string>();
            var process = await sandbox.GetJson(processPath);
            var properties = TemplateProperties();
            properties["Octopus.Action.Template.Id"] = template["Id"]!.GetValue<string>();
            properties["Octopus.Action.Template.Version"] = template["Version"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
            properties["ServerMapping"] = serverMapping;
            process["Steps"] = new JsonArray(new JsonObject
            {
                ["Name"] = "Update Octopus Tentacle",
                ["Properties"] = new JsonObject { ["Octopus.Action.TargetRoles"] = roles },
                ["Actions"] = new JsonArray(new JsonObject { ["Name"] = "Update Octopus Tentacle", ["ActionType"] = "Octopus.TentaclePackage", ["Properties"] = properties }),
            });
            using (var put = await sandbox.Put(processPath, process))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            var release = await Created(sandbox, "/api/releases", new JsonObject
            {
                ["ProjectId"] = project["Id"]!.GetValue<string>(),
                ["Version"] = "1.0.0",
                ["SelectedPackages"] = new JsonArray(new JsonObject { ["StepName"] = "Update Octopus Tentacle", ["Version"] = PackageVersion }),
            });
            return (release["Id"]!.GetValue<string>(), project);
        }

        /// <summary>Deploys the release to every environment and waits for each Deploy task; returns the tasks.</summary>
        public static async Task<JsonNode[]> DeployEverywhere(TestSandbox sandbox, string releaseId)
        {
            var environments = (await sandbox.GetJson("/api/environments"))["Items"]!.AsArray();
            var tasks = new JsonNode[environments.Count];
            for (var i = 0; i < environments.Count; i++)
            {
                var deployment = await Created(sandbox, "/api/deployments", new JsonObject { ["ReleaseId"] = releaseId, ["EnvironmentId"] = environments[i]!["Id"]!.GetValue<string>() });
                tasks[i] = await sandbox.WaitForTask(deployment["TaskId"]!.GetValue<string>());
            }

            return tasks;
        }

        /// <summary>What the machine itself shows (control endpoint).</summary>
        public static Task<JsonNode> Tentacle(TestSandbox sandbox, string name) => sandbox.GetJson("/sandbox/machines/" + name);

        /// <summary>Waits until every named Tentacle runs <paramref name="version"/>.</summary>
        public static async Task WaitForVersion(TestSandbox sandbox, string version, params string[] names)
        {
            foreach (var name in names)
            {
                await TestSandbox.Until(() => Tentacle(sandbox, name), t => t["TentacleVersion"]!.GetValue<string>() == version, name + " running Tentacle " + version);
            }
        }

        private static JsonObject TemplateProperties() => new()
        {
            ["Octopus.Action.Package.NuGetFeedId"] = "feeds-builtin",
            ["Octopus.Action.Package.NuGetPackageId"] = "OctopusDeploy.Hydra",
            ["Octopus.Action.EnabledFeatures"] = "Octopus.Features.CustomScripts",
            ["Octopus.Action.CustomScripts.PostDeploy.ps1"] = Script,
        };
    }
}
