using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Every HA node answers its own ping; the faults the engine's drain and health tests need.</summary>
    public sealed class NodeAndFaultTests
    {
        [Fact]
        public async Task Each_node_answers_its_own_ping()
        {
            await using var sandbox = await TestSandbox.StartAsync(EstatePresets.Current, d => d.Nodes =
            [
                new NodeDescription { Name = "OCTOPUS01" },
                new NodeDescription { Name = "OCTOPUS02" },
                new NodeDescription { Name = "OCTOPUS03", IsOffline = true },
            ]);
            using (var drain = await sandbox.Put("/api/octopusservernodes/OctopusServerNodes-OCTOPUS02", new JsonObject { ["IsInMaintenanceMode"] = true }))
            {
                Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
            }

            using var anonymous = new HttpClient();
            using var first = await anonymous.GetAsync(new Uri(sandbox.Server.NodeUrls["OCTOPUS01"], "api/octopusservernodes/ping"));
            using var second = await anonymous.GetAsync(new Uri(sandbox.Server.NodeUrls["OCTOPUS02"], "api/octopusservernodes/ping"));

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("OCTOPUS01", JsonNode.Parse(await first.Content.ReadAsStringAsync())!["Name"]!.GetValue<string>());
            Assert.Equal(418, (int)second.StatusCode);
            Assert.Equal("OCTOPUS02", JsonNode.Parse(await second.Content.ReadAsStringAsync())!["Name"]!.GetValue<string>());
            await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync(new Uri(sandbox.Server.NodeUrls["OCTOPUS03"], "api/octopusservernodes/ping")));
            Assert.Equal(3, sandbox.Server.NodeUrls.Count);
        }

        [Fact]
        public async Task Machine_that_drops_during_a_health_check_fails_it_and_stays_offline()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            await sandbox.WaitForTask(await sandbox.CreateTask("Health"));
            Assert.Equal("Healthy", sandbox.Estate.GetMachine("web01").HealthStatus);
            using (var fault = await sandbox.Post("/sandbox/faults/offline-during-health-check?machine=web01", new JsonObject()))
            {
                Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
            }

            Assert.True((await sandbox.GetJson("/sandbox/machines/web01"))["IsOnline"]!.GetValue<bool>());
            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Health", new JsonObject { ["MachineTimeout"] = "00:00:30" }));

            Assert.Equal("Failed", task["State"]!.GetValue<string>());
            Assert.Equal("Unavailable", sandbox.Estate.GetMachine("web01").HealthStatus);
            Assert.Equal("Healthy", sandbox.Estate.GetMachine("web02").HealthStatus);
            Assert.False((await sandbox.GetJson("/sandbox/machines/web01"))["IsOnline"]!.GetValue<bool>());
        }

        [Fact]
        public async Task Endless_task_runs_until_canceled_while_later_tasks_finish()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            using (var fault = await sandbox.Post("/sandbox/faults/task?name=SystemIntegrityCheck&state=Endless", new JsonObject()))
            {
                Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
            }

            var endless = await sandbox.CreateTask("SystemIntegrityCheck");
            // A task queued after it, longer than its natural length, finishes while it still runs.
            await sandbox.WaitForTask(await sandbox.CreateTask("Health"));
            await sandbox.WaitForTask(await sandbox.CreateTask("SystemIntegrityCheck"));

            Assert.Equal("Executing", (await sandbox.GetJson("/api/tasks/" + endless))["State"]!.GetValue<string>());
            using (await sandbox.Post("/api/tasks/" + endless + "/cancel", new JsonObject()))
            {
                Assert.Equal("Canceled", (await sandbox.WaitForTask(endless))["State"]!.GetValue<string>());
            }
        }

        [Fact]
        public async Task Endless_deployments_on_a_named_node_keep_its_drain_waiting()
        {
            await using var sandbox = await TestSandbox.StartAsync(EstatePresets.Current, d => d.Nodes =
            [
                new NodeDescription { Name = "OCTOPUS01" },
                new NodeDescription { Name = "OCTOPUS02" },
            ]);
            using (var seed = await sandbox.Post("/sandbox/nodes/OCTOPUS02/tasks?count=2&endless=true", new JsonObject()))
            {
                Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
            }

            using (await sandbox.Put("/api/octopusservernodes/OctopusServerNodes-OCTOPUS02", new JsonObject { ["IsInMaintenanceMode"] = true }))
            {
                // A task queued after the drain finishes on the other node while the endless ones keep running.
                await sandbox.WaitForTask(await sandbox.CreateTask("Health"));
            }

            var summary = (await sandbox.GetJson("/api/octopusservernodes/summary"))["Nodes"]!.AsArray();
            Assert.Equal(2, summary.Single(n => n!["Name"]!.GetValue<string>() == "OCTOPUS02")!["RunningTaskCount"]!.GetValue<int>());
            using (await sandbox.Post("/sandbox/nodes/OCTOPUS02/cancel-tasks", new JsonObject()))
            {
                await TestSandbox.Until(() => sandbox.GetJson("/api/tasks?states=Canceled&name=Deploy"), l => l["TotalResults"]!.GetValue<int>() == 2, "Both endless deployments canceled");
            }

            Assert.Equal(0, (await sandbox.GetJson("/api/tasks?states=Executing,Cancelling"))["TotalResults"]!.GetValue<int>());
        }
    }
}
