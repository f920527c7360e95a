using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OctopusUpgrade.Sandbox.Tests
{
    public sealed class TaskTests
    {
        [Theory]
        [InlineData("Health")]
        [InlineData("UpdateCalamari")]
        [InlineData("SystemIntegrityCheck")]
        public async Task Task_runs_queued_then_executing_then_success(string name)
        {
            // Every task type waits a simulated second in the queue and then runs a fixed 10 simulated seconds.
            await using var sandbox = await TestSandbox.StartAsync(
                "2019.7.12",
                d => d.Durations = new TaskDurations { QueueSeconds = 1, TaskBaseSeconds = 10, HealthPerMachineSeconds = 0, CalamariPerMachineSeconds = 0, IntegrityCheckSeconds = 0 },
                new FakeTimeProvider());
            var id = await sandbox.CreateTask(name);
            var seen = new List<string>();
            JsonNode task;
            do
            {
                task = await sandbox.GetJson("/api/tasks/" + id);
                seen.Add(task["State"]!.GetValue<string>());
                sandbox.Advance(TimeSpan.FromSeconds(1));
            }
            while (!task["IsCompleted"]!.GetValue<bool>());

            // One reading per simulated second: queued until the queue time has passed, running for exactly its 10 seconds.
            Assert.Equal(["Queued", .. Enumerable.Repeat("Executing", 10), "Success"], seen);
            Assert.True(task["FinishedSuccessfully"]!.GetValue<bool>());
            Assert.Equal("OCTOPUS01", task["ServerNode"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("spaces=Spaces-1", new[] { "Health" })]
        [InlineData("spaces=Spaces-1&includeSystem=true", new[] { "Health", "SystemIntegrityCheck" })]
        [InlineData("", new[] { "Health", "SystemIntegrityCheck" })]
        public async Task Space_filter_keeps_system_tasks_only_when_asked_to(string query, string[] expected)
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            await sandbox.CreateTask("Health");
            await sandbox.CreateTask("SystemIntegrityCheck");

            var list = await sandbox.GetJson("/api/tasks?" + query);

            Assert.Equal(expected, list["Items"]!.AsArray().Select(t => t!["Name"]!.GetValue<string>()).Order());
        }

        [Fact]
        public async Task Details_carry_activity_logs_per_machine()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            var id = await sandbox.CreateTask("Health");
            await sandbox.WaitForTask(id);

            var details = await sandbox.GetJson("/api/tasks/" + id + "/details?verbose=true");

            var children = details["ActivityLogs"]![0]!["Children"]!.AsArray();
            Assert.Equal(5, children.Count);
            Assert.All(children, c => Assert.Equal("Success", c!["Status"]!.GetValue<string>()));
            Assert.Equal(100, details["Progress"]!["ProgressPercentage"]!.GetValue<int>());
            Assert.Contains("web01", await sandbox.Http.GetStringAsync(new System.Uri("api/tasks/" + id + "/raw", System.UriKind.Relative)), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task Queued_task_can_be_canceled()
        {
            // A long queue wait keeps the task Queued however slowly the cancel arrives.
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d =>
            {
                d.TimeScale = 1;
                d.Durations.QueueSeconds = 600;
            });
            var id = await sandbox.CreateTask("Health");

            using var response = await sandbox.Post("/api/tasks/" + id + "/cancel", new JsonObject());
            var task = await sandbox.GetJson("/api/tasks/" + id);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Canceled", task["State"]!.GetValue<string>());
            Assert.True(task["IsCompleted"]!.GetValue<bool>());
        }

        [Fact]
        public async Task List_filters_by_states_and_name_and_pages()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d =>
            {
                d.TimeScale = 1;
                d.Durations.QueueSeconds = 600;
            });
            for (var i = 0; i < 3; i++)
            {
                await sandbox.CreateTask("Health");
            }

            await sandbox.CreateTask("SystemIntegrityCheck");

            var queuedHealth = await sandbox.GetJson("/api/tasks?states=Queued,Executing&name=Health&take=2");

            Assert.Equal(3, queuedHealth["TotalResults"]!.GetValue<int>());
            Assert.Equal(2, queuedHealth["Items"]!.AsArray().Count);
            Assert.Equal("/api/tasks?skip=2&take=2", queuedHealth["Links"]!["Page.Next"]!.GetValue<string>());
            Assert.Equal(0, (await sandbox.GetJson("/api/tasks?states=Success"))["TotalResults"]!.GetValue<int>());
        }

        [Theory]
        [InlineData("2.6.5", "Backup", HttpStatusCode.Created)]
        [InlineData("2019.7.12", "Backup", HttpStatusCode.BadRequest)]
        [InlineData("2019.7.12", "NoSuchTask", HttpStatusCode.BadRequest)]
        [InlineData("2.6.5", "UpdateCalamari", HttpStatusCode.BadRequest)]
        public async Task Task_names_are_checked_per_version(string version, string name, HttpStatusCode expected)
        {
            await using var sandbox = await TestSandbox.StartAsync(version);

            using var response = await sandbox.Post("/api/tasks", new JsonObject { ["Name"] = name });

            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.BadRequest)
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Assert.Equal("There was a problem with your request.", body["ErrorMessage"]!.GetValue<string>());
                Assert.NotEmpty(body["Errors"]!.AsArray());
            }
        }

        [Fact]
        public async Task Backup_on_two_six_writes_an_octobak()
        {
            await using var sandbox = await TestSandbox.StartAsync("2.6.5");
            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Backup"));

            Assert.Equal("Success", task["State"]!.GetValue<string>());
            Assert.Single(System.IO.Directory.GetFiles(System.IO.Path.Combine(sandbox.Server.HomePath, "Backup"), "*.octobak"));
        }

        [Theory]
        [InlineData("Failed")]
        [InlineData("TimedOut")]
        public async Task Injected_task_fault_decides_the_outcome(string state)
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            sandbox.Server.Faults.FailNextTask("Health", state);

            var first = await sandbox.WaitForTask(await sandbox.CreateTask("Health"));
            var second = await sandbox.WaitForTask(await sandbox.CreateTask("Health"));

            Assert.Equal(state, first["State"]!.GetValue<string>());
            Assert.NotEmpty(first["ErrorMessage"]!.GetValue<string>());
            Assert.Equal("Success", second["State"]!.GetValue<string>());
        }

        [Fact]
        public async Task Drained_node_takes_no_new_tasks()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", clock: new FakeTimeProvider());
            sandbox.Estate.DrainNode("OCTOPUS01");
            var id = await sandbox.CreateTask("Health");
            // Ten simulated minutes, a second at a time: far past the queue time and the task's own length.
            for (var second = 0; second < 600; second++)
            {
                sandbox.Advance(TimeSpan.FromSeconds(1));
                await sandbox.GetJson("/api/tasks/" + id);
            }

            Assert.Equal("Queued", (await sandbox.GetJson("/api/tasks/" + id))["State"]!.GetValue<string>());
            sandbox.Estate.DrainNode("OCTOPUS01", drain: false);
            Assert.Equal("Success", (await sandbox.WaitForTask(id))["State"]!.GetValue<string>());
        }

        [Fact]
        public async Task Space_scoped_task_list_sees_the_spaces_tasks()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            await sandbox.CreateTask("Health");

            var scoped = await sandbox.GetJson("/api/Spaces-1/tasks");

            Assert.Equal(1, scoped["TotalResults"]!.GetValue<int>());
            Assert.Equal("Spaces-1", scoped["Items"]![0]!["SpaceId"]!.GetValue<string>());
            Assert.Equal(1, scoped["TotalCounts"]!.AsObject().Select(p => p.Value!.GetValue<int>()).Sum());
        }
    }
}
