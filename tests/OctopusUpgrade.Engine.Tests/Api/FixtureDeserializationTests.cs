using System.Collections.Generic;
using System.IO;
using System.Linq;
using System;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json;
using OctopusUpgrade.Engine.Api.Http;
using OctopusUpgrade.Engine.Api.Wire;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>
    /// Every recorded Octopus document the client models is read with the client's own serializer, and each field
    /// the module uses is compared with the raw JSON: a renamed property or a lossy type would show up here.
    /// </summary>
    public sealed class FixtureDeserializationTests
    {
        // Documents the client does not model, with the reason; every other .json in the folder must be in Checks.
        private static readonly Dictionary<string, string> NotModelled = new(StringComparer.Ordinal)
        {
            ["swagger/octopus-server-swagger_2018.3.6_go-octopusdeploy.json"] = "schema, not a resource",
            ["swagger/octopus-server-swagger_2020.5.0-rc.4_go-octopusdeploy.json"] = "schema, not a resource",
            ["cli-output/octopus.server_show-configuration_json-hierarchical_octopusdsc.json"] = "command-line output, read by the server component",
            ["server-config/upgradeconfiguration_2019.x_serverspec.json"] = "upgrade-check settings; not used by the module",
            ["license/licenses-current_docs-example.json"] = "the license text itself; the module reads the status",
        };

        private static readonly Dictionary<string, Action<string>> Checks = new(StringComparer.Ordinal)
        {
            ["api-root/api-root_3.3.0-beta0002_teamcity-plugin.json"] = json => CheckRoot(json, hasSpaces: false),
            ["api-root/api-root_3.12.1_teamcity-plugin.json"] = json => CheckRoot(json, hasSpaces: false),
            ["api-root/api-root_2019.4.5_serverspec.json"] = json => CheckRoot(json, hasSpaces: true),
            ["api-root/api-root_2019.7.12_octopusclients.json"] = json => CheckRoot(json, hasSpaces: true),
            ["api-root/api-root_2022.1.2386_docs-example-trimmed.json"] = json => CheckRoot(json, hasSpaces: false),
            ["environments/environments-collection_2019.x_serverspec.json"] = json => CheckEach(Read<ResourceCollection<OctopusEnvironment>>(json).Items, Items(json), CheckEnvironment),
            ["octopus-2.6/environment_2.6.5_Environments-1.json"] = json => CheckEnvironment(Read<OctopusEnvironment>(json), Raw(json)),
            ["machines/machines-all_2019.x_listening-and-polling_serverspec.json"] = json => CheckEach(Read<List<MachineWire>>(json).Select(m => m.ToMachine(false)), (JArray)Raw(json), CheckMachine),
            ["machines/machines-collection_3.3.0_listening_teamcity-plugin.json"] = json => CheckEach(Read<ResourceCollection<MachineWire>>(json).Items.Select(m => m.ToMachine(false)), Items(json), CheckMachine),
            ["machines/workers-all_2019.x_listening-and-polling_serverspec.json"] = json => CheckEach(Read<List<MachineWire>>(json).Select(m => m.ToMachine(true)), (JArray)Raw(json), CheckMachine),
            ["octopus-2.6/machine_listening_2.6.5_machines-1.json"] = json => CheckMachine(Read<MachineWire>(json).ToMachine(false), Raw(json)),
            ["octopus-2.6/task_backup_success_2.6.5_ServerTasks-623.json"] = json => CheckTask(Read<OctopusTask>(json), Raw(json)),
            ["octopus-2.6/task_health_success_2.6.5_ServerTasks-622.json"] = json => CheckTask(Read<OctopusTask>(json), Raw(json)),
            ["tasks/task_deploy_failed_3.3.0_ServerTasks-272.json"] = json => CheckTask(Read<OctopusTask>(json), Raw(json)),
            ["tasks/task_health_success_3.3.0_ServerTasks-620.json"] = json => CheckTask(Read<OctopusTask>(json), Raw(json)),
            ["tasks/machine-tasks-page_skip0_demo-2017_octopusclients.json"] = json => CheckEach(Read<ResourceCollection<OctopusTask>>(json).Items, Items(json), CheckTask),
            ["tasks/task-details_docs-example.json"] = CheckTaskDetails,
            ["maintenance/maintenanceconfiguration_get_docs-example.json"] = json =>
            {
                var raw = Raw(json);
                var maintenance = Read<OctopusMaintenanceConfiguration>(json);
                Assert.Equal((string?)raw["Id"], maintenance.Id);
                Assert.Equal((bool)raw["IsInMaintenanceMode"]!, maintenance.IsInMaintenanceMode);
            },
            ["nodes/octopusservernodes_list_docs-example.json"] = json => CheckEach(Read<ResourceCollection<OctopusServerNode>>(json).Items, Items(json), CheckNode),
            ["nodes/octopusservernodes_summary_docs-example.json"] = json => CheckEach(Read<ClusterSummary>(json).Nodes, (JArray)Raw(json)["Nodes"]!, CheckNode),
            ["nodes/octopusservernodes_ping_docs-example.json"] = json => CheckNode(Read<OctopusServerNode>(json), Raw(json)),
            ["server-config/serverstatus_2018.11.2_upgrade-available_odu.json"] = json =>
            {
                var raw = Raw(json);
                var status = Read<OctopusServerStatus>(json);
                Assert.Equal((bool)raw["IsUpgradeAvailable"]!, status.IsUpgradeAvailable);
                Assert.Equal((bool)raw["IsInMaintenanceMode"]!, status.IsInMaintenanceMode);
                Assert.Equal((bool)raw["IsMajorMinorUpgrade"]!, status.IsMajorMinorUpgrade);
                Assert.Equal(OctopusVersion.Parse((string)raw["MaximumAvailableVersion"]!), status.MaximumAvailableVersion);
                Assert.Equal((string?)raw["MaintenanceExpires"], status.MaintenanceExpires);
                Assert.Equal((string?)raw["Links"]!["Health"], status.Links["Health"]);
            },
            ["server-config/spaces-all_2019.x_serverspec.json"] = json => CheckEach(Read<List<OctopusSpace>>(json), (JArray)Raw(json), (space, raw) =>
            {
                Assert.Equal((string?)raw["Id"], space.Id);
                Assert.Equal((string?)raw["Name"], space.Name);
                Assert.Equal((bool)raw["IsDefault"]!, space.IsDefault);
                Assert.Equal((bool)raw["TaskQueueStopped"]!, space.TaskQueueStopped);
                Assert.Equal((string?)raw["Links"]!["SpaceHome"], space.Links["SpaceHome"]);
            }),
            ["license/licenses-current-status_docs-example.json"] = json =>
            {
                var raw = Raw(json);
                var license = Read<OctopusLicenseStatus>(json);
                Assert.Equal((bool)raw["IsCompliant"]!, license.IsCompliant);
                Assert.Equal((string?)raw["ComplianceSummary"], license.ComplianceSummary);
                Assert.Equal((string?)raw["EffectiveExpiryDate"], license.EffectiveExpiryDate);
                Assert.Equal((int?)raw["DaysToEffectiveExpiryDate"], license.DaysToEffectiveExpiryDate);
                Assert.Equal((bool)raw["DoesExpiryBlockKeyActivities"]!, license.DoesExpiryBlockKeyActivities);
                CheckEach(license.Messages, (JArray)raw["Messages"]!, (message, rawMessage) =>
                {
                    Assert.Equal((string?)rawMessage["Message"], message.Message);
                    Assert.Equal((string?)rawMessage["Disposition"], message.Disposition);
                });
            },
        };

        /// <summary>Every recorded document but the ones not modelled: a new one fails until it gets a check.</summary>
        public static TheoryData<string> Documents() => RecordedDocuments(path => !NotModelled.ContainsKey(path));

        public static TheoryData<string> NotModelledDocuments() => RecordedDocuments(NotModelled.ContainsKey);

        [Theory]
        [MemberData(nameof(Documents))]
        public void Modelled_document_keeps_the_fields_the_module_uses(string relativePath)
        {
            Assert.True(Checks.TryGetValue(relativePath, out var check), $"{relativePath} is a new recorded document: add a check for it, or list it as not modelled with the reason.");
            check!(FixtureFolder.Read(relativePath));
        }

        // Reported as skipped, not passed: nothing about these documents is checked (NotModelled says why, each).
        [Theory(Skip = "The client does not model these recorded documents; NotModelled gives each one's reason.")]
        [MemberData(nameof(NotModelledDocuments))]
        public void Not_modelled_document_is_not_checked(string relativePath) =>
            Assert.Fail($"{relativePath} is not modelled: {NotModelled[relativePath]}");

        [Fact]
        public void Every_check_has_its_document()
        {
            var present = Directory.EnumerateFiles(FixtureFolder.Octopus, "*.json", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(FixtureFolder.Octopus, path).Replace('\\', '/'))
                .ToHashSet(StringComparer.Ordinal);
            var stale = Checks.Keys.Concat(NotModelled.Keys).Where(key => !present.Contains(key)).ToList();
            Assert.True(stale.Count == 0, "Checks for documents no longer recorded: " + string.Join(", ", stale));
        }

        private static TheoryData<string> RecordedDocuments(Func<string, bool> include)
        {
            var data = new TheoryData<string>();
            foreach (var path in Directory.EnumerateFiles(FixtureFolder.Octopus, "*.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                var relativePath = Path.GetRelativePath(FixtureFolder.Octopus, path).Replace('\\', '/');
                if (include(relativePath))
                {
                    data.Add(relativePath);
                }
            }

            return data;
        }

        private static T Read<T>(string json)
        {
            using var reader = new JsonTextReader(new StringReader(json));
            return ApiJson.CreateSerializer().Deserialize<T>(reader)!;
        }

        private static JArray Items(string json) => (JArray)Raw(json)["Items"]!;

        // Dates stay text in the raw view, so the comparison sees the server's exact value, milliseconds included.
        private static JToken Raw(string json)
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader);
        }

        private static void CheckEach<T>(IEnumerable<T> items, JArray raw, Action<T, JToken> check)
        {
            var list = items.ToList();
            Assert.Equal(raw.Count, list.Count);
            Assert.NotEmpty(list);
            for (var i = 0; i < list.Count; i++)
            {
                check(list[i], raw[i]);
            }
        }

        private static void CheckRoot(string json, bool hasSpaces)
        {
            var raw = Raw(json);
            var root = Read<OctopusRootDocument>(json);
            Assert.Equal(OctopusVersion.Parse((string)raw["Version"]!), root.Version);
            Assert.Equal((string?)raw["ApiVersion"], root.ApiVersion);
            Assert.Equal(((JObject)raw["Links"]!).Count, root.Links.Count);
            Assert.Equal((string?)raw["Links"]!["Tasks"], root.Links["Tasks"]);
            Assert.Equal(hasSpaces, root.HasSpaces);
        }

        private static void CheckEnvironment(OctopusEnvironment environment, JToken raw)
        {
            Assert.Equal((string?)raw["Id"], environment.Id);
            Assert.Equal((string?)raw["Name"], environment.Name);
            Assert.Equal((string?)raw["SpaceId"], environment.SpaceId);
        }

        private static void CheckMachine(OctopusMachine machine, JToken raw)
        {
            var endpoint = raw["Endpoint"];
            var versionDetails = endpoint?["TentacleVersionDetails"];
            Assert.Equal((string?)raw["Id"], machine.Id);
            Assert.Equal((string?)raw["Name"], machine.Name);
            Assert.Equal(Strings(raw["EnvironmentIds"]), machine.EnvironmentIds);
            Assert.Equal(Strings(raw["Roles"]), machine.Roles);
            Assert.Equal(Strings(raw["WorkerPoolIds"]), machine.WorkerPoolIds);
            Assert.Equal((string?)endpoint?["CommunicationStyle"] ?? (string?)raw["CommunicationStyle"], machine.CommunicationStyle);
            Assert.Equal((string?)endpoint?["Uri"] ?? (string?)raw["Uri"], machine.Uri);
            Assert.Equal((string?)endpoint?["Thumbprint"] ?? (string?)raw["Thumbprint"], machine.Thumbprint);
            Assert.Equal((bool)raw["IsDisabled"]!, machine.IsDisabled);
            Assert.Equal((string?)raw["HealthStatus"], machine.HealthStatus);
            Assert.Equal((string?)raw["Status"], machine.Status);
            Assert.Equal((string?)raw["StatusSummary"], machine.StatusSummary);
            Assert.Equal((string?)versionDetails?["Version"], machine.TentacleVersion?.ToString());
            Assert.Equal((bool?)versionDetails?["UpgradeSuggested"], machine.UpgradeSuggested);
            Assert.Equal((bool?)versionDetails?["UpgradeRequired"], machine.UpgradeRequired);
            Assert.Equal((bool?)versionDetails?["UpgradeLocked"], machine.UpgradeLocked);
            Assert.NotNull(machine.CommunicationStyle);
            Assert.True(machine.IsTentacle);
        }

        private static void CheckTask(OctopusTask task, JToken raw)
        {
            Assert.Equal((string?)raw["Id"], task.Id);
            Assert.Equal((string?)raw["Name"], task.Name);
            Assert.Equal((string?)raw["Description"], task.Description);
            Assert.Equal(Enum.Parse<OctopusTaskState>((string)raw["State"]!), task.State);
            Assert.Equal((bool)raw["IsCompleted"]!, task.IsCompleted);
            Assert.Equal((bool)raw["FinishedSuccessfully"]!, task.FinishedSuccessfully);
            Assert.Equal((bool)raw["HasWarningsOrErrors"]!, task.HasWarningsOrErrors);
            Assert.Equal((string?)raw["ErrorMessage"], task.ErrorMessage);
            Assert.Equal((string?)raw["ServerNode"], task.ServerNode);
            Assert.Equal(DateTimeOffset.Parse((string)raw["CompletedTime"]!, System.Globalization.CultureInfo.InvariantCulture), task.CompletedTime);
            Assert.Equal(((JObject)raw["Links"]!).Properties().ToDictionary(p => p.Name, p => (string)p.Value!), task.Links);
        }

        private static void CheckTaskDetails(string json)
        {
            var raw = Raw(json);
            var details = Read<OctopusTaskDetails>(json);
            CheckTask(details.Task!, raw["Task"]!);
            Assert.Equal((int)raw["Progress"]!["ProgressPercentage"]!, details.Progress!.ProgressPercentage);
            CheckEach(details.ActivityLogs, (JArray)raw["ActivityLogs"]!, (activity, rawActivity) =>
            {
                Assert.Equal((string?)rawActivity["Name"], activity.Name);
                Assert.Equal((string?)rawActivity["Status"], activity.Status);
                Assert.Equal(((JArray)rawActivity["Children"]!).Count, activity.Children.Count);
                Assert.Equal(((JArray)rawActivity["LogElements"]!).Count, activity.LogElements.Count);
                Assert.NotNull(activity.Ended);
            });
        }

        private static void CheckNode(OctopusServerNode node, JToken raw)
        {
            Assert.Equal((string?)raw["Id"], node.Id);
            Assert.Equal((string?)raw["Name"], node.Name);
            Assert.Equal((int)raw["MaxConcurrentTasks"]!, node.MaxConcurrentTasks);
            Assert.Equal((bool)raw["IsInMaintenanceMode"]!, node.IsInMaintenanceMode);
            Assert.Equal((bool?)raw["IsOffline"], node.IsOffline);
            Assert.Equal((int?)raw["RunningTaskCount"], node.RunningTaskCount);
        }

        private static string[] Strings(JToken? token) => token is JArray array ? array.Select(t => (string)t!).ToArray() : Array.Empty<string>();
    }
}
