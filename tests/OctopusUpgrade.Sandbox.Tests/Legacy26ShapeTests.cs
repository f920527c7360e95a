using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>
    /// The 2.6 estate against the documents a real 2.6.5 server produced (fixtures/octopus/octopus-2.6), value by value:
    /// formats, kinds, links and display strings, not only property names.
    /// </summary>
    public sealed class Legacy26ShapeTests
    {
        private static readonly Regex Iso = new(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$");
        private static readonly Regex Duration = new(@"^(less than a second|\d+ (second|minute|hour)s?)$");
        private static readonly Regex FourPart = new(@"^\d+\.\d+\.\d+\.\d+$");
        private const string Reached = "Octopus was able to successfully establish a connection with this machine on ";

        [Theory]
        [InlineData("Health", "task_health_success_2.6.5_ServerTasks-622.json")]
        [InlineData("Backup", "task_backup_success_2.6.5_ServerTasks-623.json")]
        public async Task Completed_task_matches_the_recording_value_by_value(string name, string fixture)
        {
            await using var sandbox = await Start(d => d.Culture = ServerCulture.EnglishUnitedStates);
            var task = (await sandbox.WaitForTask(await sandbox.CreateTask(name))).AsObject();
            var recorded = ShapeAssert.Fixture(fixture).AsObject();

            Assert.Equal(recorded.Select(p => p.Key), task.Select(p => p.Key));
            foreach (var (key, value) in recorded)
            {
                Assert.True(Kind(value) == Kind(task[key]), key + ": " + Kind(value) + " recorded, " + Kind(task[key]) + " in the sandbox");
            }

            foreach (var key in new[] { "Name", "State", "ErrorMessage", "HasBeenPickedUpByProcessor", "IsCompleted", "FinishedSuccessfully", "HasPendingInterruptions", "CanRerun", "HasWarningsOrErrors" })
            {
                Assert.Equal(recorded[key]!.ToJsonString(), task[key]!.ToJsonString());
            }

            Assert.Equal("{}", task["Arguments"]!.ToJsonString());
            foreach (var key in new[] { "QueueTime", "StartTime", "LastUpdatedTime", "CompletedTime" })
            {
                Assert.Matches(Iso, recorded[key]!.GetValue<string>());
                Assert.Matches(Iso, task[key]!.GetValue<string>());
            }

            Assert.Matches(Duration, recorded["Duration"]!.GetValue<string>());
            Assert.Matches(Duration, task["Duration"]!.GetValue<string>());
            // The culture model reproduces the recorded display string from the recorded ISO time, and the sandbox's own.
            Assert.Equal(recorded["Completed"]!.GetValue<string>(), ServerCulture.EnglishUnitedStates.Display(Time(recorded["CompletedTime"])));
            Assert.Equal(task["Completed"]!.GetValue<string>(), ServerCulture.EnglishUnitedStates.Display(Time(task["CompletedTime"])));
            Assert.Equal(LinksWithout(recorded), LinksWithout(task));
        }

        [Fact]
        public async Task Machine_matches_the_recording_value_by_value_and_carries_no_tentacle_version()
        {
            await using var sandbox = await Start(d => d.Culture = ServerCulture.EnglishUnitedStates);
            var before = (await sandbox.GetJson("/api/machines"))["Items"]![0]!.AsObject();
            await sandbox.WaitForTask(await sandbox.CreateTask("Health"));
            var machine = (await sandbox.GetJson("/api/machines"))["Items"]![0]!.AsObject();
            var recorded = ShapeAssert.Fixture("machine_listening_2.6.5_machines-1.json").AsObject();

            Assert.Equal("Unknown", before["Status"]!.GetValue<string>());
            Assert.Equal(recorded.Select(p => p.Key), machine.Select(p => p.Key));
            var formats = new Dictionary<string, Regex>
            {
                ["Id"] = new(@"^machines-\d+$"),
                ["Thumbprint"] = new("^[0-9A-F]{40}$"),
                ["Uri"] = new(@"^https://[^/:]+:10933/$"),
                ["Squid"] = new("^SQ-[A-Z0-9-]+-[0-9A-F]{8}$"),
                ["LastModifiedOn"] = Iso,
                ["EnvironmentIds"] = new(@"^\[""Environments-\d+""(,""Environments-\d+"")*\]$"),
            };
            foreach (var (key, format) in formats)
            {
                Assert.Matches(format, Text(recorded[key]));
                Assert.Matches(format, Text(machine[key]));
            }

            foreach (var key in new[] { "CommunicationStyle", "Status", "IsDisabled" })
            {
                Assert.Equal(recorded[key]!.ToJsonString(), machine[key]!.ToJsonString());
            }

            Assert.All(new[] { recorded, machine }, m =>
            {
                var summary = m["StatusSummary"]!.GetValue<string>();
                Assert.StartsWith(Reached, summary, StringComparison.Ordinal);
                Assert.True(DateTime.TryParseExact(summary[Reached.Length..], ServerCulture.EnglishUnitedStates.DateTimePattern, CultureInfo.GetCultureInfo("en-US"), DateTimeStyles.None, out _), summary);
            });
            Assert.Equal(LinksWithout(recorded), LinksWithout(machine));
            Assert.DoesNotContain("Version", machine.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Version", recorded.ToJsonString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Tentacle_version_is_four_part_and_only_in_the_connection_document()
        {
            await using var sandbox = await Start();
            var root = await sandbox.GetJson("/api");
            var id = (await sandbox.GetJson("/api/machines"))["Items"]![0]!["Id"]!.GetValue<string>();

            var connection = await sandbox.GetJson("/api/machines/" + id + "/connection");

            Assert.Matches(FourPart, root["Version"]!.GetValue<string>());
            Assert.Equal("2.6.5.1010", connection["CurrentTentacleVersion"]!.GetValue<string>());
        }

        [Fact]
        public async Task Environment_matches_the_recording_value_by_value()
        {
            await using var sandbox = await Start();
            var environment = (await sandbox.GetJson("/api/environments"))["Items"]![0]!.AsObject();
            var recorded = ShapeAssert.Fixture("environment_2.6.5_Environments-1.json").AsObject();

            Assert.Equal(recorded.Select(p => p.Key), environment.Select(p => p.Key));
            foreach (var key in new[] { "Id", "Description", "SortOrder", "UseGuidedFailure" })
            {
                Assert.Equal(recorded[key]!.ToJsonString(), environment[key]!.ToJsonString());
            }

            Assert.Matches(Iso, environment["LastModifiedOn"]!.GetValue<string>());
            Assert.Equal(LinksWithout(recorded), LinksWithout(environment));
        }

        [Fact]
        public async Task Root_lacks_the_links_two_X_did_not_have()
        {
            await using var sandbox = await Start();
            var links = (await sandbox.GetJson("/api"))["Links"]!.AsObject();

            Assert.Empty(links.Select(l => l.Key).Intersect(["MaintenanceConfiguration", "ServerStatus", "Packages", "OctopusServerNodes"]));
            // The 2013 API docs' root: no take, active or states on the task template.
            Assert.Equal("/api/tasks{?nonStale,skip}", links["Tasks"]!.GetValue<string>());
        }

        [Fact]
        public async Task Failed_task_has_an_empty_error_message_and_the_reason_only_in_its_log()
        {
            await using var sandbox = await Start();
            sandbox.Estate.TakeMachineOffline("web02");
            sandbox.Server.Faults.FailNextTask("Backup", message: "The backup folder is not writable.");

            var health = await sandbox.WaitForTask(await sandbox.CreateTask("Health"));
            var backup = await sandbox.WaitForTask(await sandbox.CreateTask("Backup"));

            foreach (var (task, reason) in new[] { (health, "web02"), (backup, "The backup folder is not writable.") })
            {
                Assert.Equal("Failed", task["State"]!.GetValue<string>());
                Assert.Equal("", task["ErrorMessage"]!.GetValue<string>());
                Assert.True(task["HasWarningsOrErrors"]!.GetValue<bool>());
                var details = await sandbox.GetJson("/api/tasks/" + task["Id"]!.GetValue<string>() + "/details");
                Assert.Contains(reason, details["ActivityLogs"]!.ToJsonString(), StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task Health_task_with_the_two_six_arguments_checks_only_its_environment()
        {
            await using var sandbox = await Start();
            var production = (await sandbox.GetJson("/api/environments"))["Items"]!.AsArray().Single(e => e!["Name"]!.GetValue<string>() == "Production")!["Id"]!.GetValue<string>();

            await sandbox.WaitForTask(await sandbox.CreateTask("Health", new JsonObject { ["Timeout"] = "00:05:00", ["EnvironmentId"] = production }));

            foreach (var machine in (await sandbox.GetJson("/api/machines"))["Items"]!.AsArray())
            {
                var inProduction = machine!["EnvironmentIds"]!.AsArray().Any(e => e!.GetValue<string>() == production);
                Assert.Equal(inProduction ? "Online" : "Unknown", machine["Status"]!.GetValue<string>());
            }
        }

        [Fact]
        public async Task Machine_ids_are_ignored_by_default_or_refused_when_the_assumption_says_so()
        {
            await using (var ignoring = await Start())
            {
                var first = (await ignoring.GetJson("/api/machines"))["Items"]![0]!["Id"]!.GetValue<string>();
                await ignoring.WaitForTask(await ignoring.CreateTask("Health", new JsonObject { ["MachineIds"] = new JsonArray(first), ["MachineTimeout"] = "00:00:01" }));

                Assert.All((await ignoring.GetJson("/api/machines"))["Items"]!.AsArray(), m => Assert.Equal("Online", m!["Status"]!.GetValue<string>()));
            }

            await using var refusing = await Start(d => d.Assumptions.LegacyHealthRejectsNewArguments = true);
            using var response = await refusing.Post("/api/tasks", new JsonObject { ["Name"] = "Health", ["Arguments"] = new JsonObject { ["MachineIds"] = new JsonArray("machines-1") } });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("MachineIds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Display_strings_follow_the_server_culture()
        {
            await using var sandbox = await Start(d =>
            {
                d.Culture = ServerCulture.EnglishUnitedKingdom;
                d.Durations = new TaskDurations { QueueSeconds = 0, TaskBaseSeconds = 0.2, HealthPerMachineSeconds = 0, BackupSeconds = 0 };
            });

            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Backup"));

            // The field notes' en-GB server wrote "09 April 2015 08:42"; the same pattern reads both.
            var british = CultureInfo.GetCultureInfo("en-GB");
            Assert.True(DateTime.TryParseExact("09 April 2015 08:42", ServerCulture.EnglishUnitedKingdom.DateTimePattern, british, DateTimeStyles.None, out _));
            Assert.True(DateTime.TryParseExact(task["Completed"]!.GetValue<string>(), ServerCulture.EnglishUnitedKingdom.DateTimePattern, british, DateTimeStyles.None, out var shown));
            Assert.Equal(Time(task["CompletedTime"]).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), shown.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            Assert.Equal("less than a second", task["Duration"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("3.3.0", "api-root_3.3.0-beta0002_teamcity-plugin.json", "Machines")]
        [InlineData("3.3.0", "api-root_3.3.0-beta0002_teamcity-plugin.json", "Environments")]
        [InlineData("2019.7.12", "api-root_2019.7.12_octopusclients.json", "TaskTypes")]
        [InlineData("2019.7.12", "api-root_2019.7.12_octopusclients.json", "Workers")]
        public async Task Link_templates_have_the_recorded_servers_own_casing_and_parameters(string version, string fixture, string link)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);

            var root = await sandbox.GetJson("/api");

            Assert.Equal(ShapeAssert.Fixture(fixture)["Links"]![link]!.GetValue<string>(), root["Links"]![link]!.GetValue<string>());
        }

        [Fact]
        public async Task Later_servers_use_their_own_casing()
        {
            await using var sandbox = await TestSandbox.StartAsync(EstatePresets.Current);
            var links = (await sandbox.GetJson("/api"))["Links"]!;

            Assert.Equal("/api/tasks/tasktypes", links["TaskTypes"]!.GetValue<string>());
            Assert.Contains("workerPoolIds", links["Workers"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("2.6.5.1010", "Status", "Online")]
        [InlineData("2019.7.12", "HealthStatus", "Healthy")]
        public async Task Machines_are_unknown_until_a_health_check_runs(string version, string field, string checkedValue)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);
            var path = version.StartsWith('2') && !version.StartsWith("2019", StringComparison.Ordinal) ? "/api/machines" : "/api/Spaces-1/machines";

            Assert.All((await sandbox.GetJson(path))["Items"]!.AsArray(), m => Assert.Equal("Unknown", m![field]!.GetValue<string>()));
            await sandbox.WaitForTask(await sandbox.CreateTask("Health"));

            Assert.All((await sandbox.GetJson(path))["Items"]!.AsArray(), m => Assert.Equal(checkedValue, m![field]!.GetValue<string>()));
        }

        private static Task<TestSandbox> Start(Action<EstateDescription>? configure = null) => TestSandbox.StartAsync(EstatePresets.Legacy26, configure);

        private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

        private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node!.ToJsonString();

        private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

        // Links with the document's own id replaced, so two documents' links compare as templates.
        private static Dictionary<string, string> LinksWithout(JsonObject document) =>
            document["Links"]!.AsObject().ToDictionary(l => l.Key, l => l.Value!.GetValue<string>().Replace(document["Id"]!.GetValue<string>(), "{id}", StringComparison.Ordinal));
    }
}
