using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Health and Upgrade tasks follow the 2.x/3.x protocol break, offline machines, locks and deployments.</summary>
    public sealed class CommunicationTests
    {
        // The Tentacle version the test's server bundles: the test's own input, not read back from the sandbox.
        private const string Bundled = "5.0.15";

        [Theory]
        [InlineData("2.6.5", "3.0.1", "Offline")]
        [InlineData("3.12.1", "2.6.5", "Offline")]
        [InlineData("2019.7.12", "2.6.5", "Unavailable")]
        public async Task Health_check_cannot_reach_a_tentacle_across_the_protocol_break(string server, string tentacle, string expected)
        {
            await using var sandbox = await TestSandbox.StartAsync(server, d => d.Machines[1].TentacleVersion = tentacle);

            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Health"));

            Assert.Equal("Failed", task["State"]!.GetValue<string>());
            // 2.6 names the failure only in the activity log; later servers also in ErrorMessage.
            var details = await sandbox.GetJson("/api/tasks/" + task["Id"]!.GetValue<string>() + "/details");
            Assert.Contains(details["ActivityLogs"]![0]!["Children"]!.AsArray(), c => c!["Name"]!.GetValue<string>() == "web02" && c["Status"]!.GetValue<string>() == "Failed");
            Assert.Equal(server.StartsWith('2') && !server.StartsWith("2019", System.StringComparison.Ordinal), task["ErrorMessage"]!.GetValue<string>().Length == 0);
            var machines = (await sandbox.GetJson("/api/machines"))["Items"]!.AsArray();
            var field = server.StartsWith("2019", System.StringComparison.Ordinal) ? "HealthStatus" : "Status";
            Assert.Equal(expected, machines.Single(m => m!["Name"]!.GetValue<string>() == "web02")![field]!.GetValue<string>());
            Assert.All(machines.Where(m => m!["Name"]!.GetValue<string>() != "web02"), m => Assert.NotEqual(expected, m![field]!.GetValue<string>()));
        }

        [Fact]
        public async Task Offline_machine_times_out_after_machine_timeout()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d => d.TimeScale = 2000);
            sandbox.Server.Faults.TakeMachineOffline("web03");

            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Health", new JsonObject { ["MachineTimeout"] = "00:10:00", ["Timeout"] = "01:00:00" }));

            Assert.Equal("Failed", task["State"]!.GetValue<string>());
            var elapsed = System.DateTimeOffset.Parse(task["CompletedTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
                          - System.DateTimeOffset.Parse(task["StartTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(elapsed >= System.TimeSpan.FromMinutes(10), "simulated duration " + elapsed);
            Assert.Equal("Unavailable", sandbox.Estate.GetMachine("web03").HealthStatus);
        }

        [Fact]
        public async Task Health_task_times_out_when_its_timeout_is_shorter_than_the_work()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", d => d.TimeScale = 2000);
            sandbox.Estate.TakeMachineOffline("web01");

            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Health", new JsonObject { ["MachineTimeout"] = "00:10:00", ["Timeout"] = "00:05:00" }));

            Assert.Equal("TimedOut", task["State"]!.GetValue<string>());
        }

        [Fact]
        public async Task Upgrade_moves_tentacles_to_the_bundled_version_and_skips_locked_ones()
        {
            await using var sandbox = await OutdatedEstate(d => d.Machines[0].UpgradeLocked = true);

            var task = await sandbox.WaitForTask(await sandbox.CreateTask("Upgrade", new JsonObject { ["RestrictedTo"] = "DeploymentTargets" }));

            Assert.Equal("Success", task["State"]!.GetValue<string>());
            Assert.Equal("4.0.1", sandbox.Estate.GetMachine("web01").TentacleVersion);
            Assert.All(new[] { "web02", "web03", "db01" }, n => Assert.Equal(Bundled, sandbox.Estate.GetMachine(n).TentacleVersion));
            Assert.Equal("4.0.1", sandbox.Estate.GetMachine("worker01").TentacleVersion);
            var details = await sandbox.GetJson("/api/tasks/" + task["Id"]!.GetValue<string>() + "/details");
            Assert.Contains(details["ActivityLogs"]![0]!["Children"]!.AsArray(), c => c!["Name"]!.GetValue<string>() == "web01" && c["Status"]!.GetValue<string>() == "Skipped");
        }

        [Theory]
        [InlineData(true, "Executing")]
        [InlineData(false, "Queued")]
        public async Task Upgrade_waits_while_a_deployment_holds_a_machine(bool waitsWhileExecuting, string waitingState)
        {
            await using var sandbox = await OutdatedEstate(
                d =>
                {
                    d.Machines[2].HeldByDeployment = true;
                    d.Assumptions.UpgradeWaitsWhileExecuting = waitsWhileExecuting;
                },
                new FakeTimeProvider());
            var id = await sandbox.CreateTask("Upgrade", new JsonObject { ["MachineIds"] = new JsonArray("Machines-2", "Machines-3") });
            // Ample simulated time, a second at a time: two upgrades (a minute each) would have ended if the machines were free.
            for (var second = 0; second < 180; second++)
            {
                sandbox.Advance(TimeSpan.FromSeconds(1));
                await sandbox.GetJson("/api/tasks/" + id);
            }

            Assert.Equal(waitingState, (await sandbox.GetJson("/api/tasks/" + id))["State"]!.GetValue<string>());
            Assert.Equal("4.0.1", sandbox.Estate.GetMachine("web02").TentacleVersion);

            sandbox.Estate.HoldForDeployment("web03", held: false);
            Assert.Equal("Success", (await sandbox.WaitForTask(id))["State"]!.GetValue<string>());
            Assert.Equal(Bundled, sandbox.Estate.GetMachine("web03").TentacleVersion);
            Assert.Equal("4.0.1", sandbox.Estate.GetMachine("web01").TentacleVersion);
        }

        // A 2019 estate whose Tentacles all run 4.0.1, older than the bundled one.
        private static Task<TestSandbox> OutdatedEstate(System.Action<EstateDescription> configure, System.TimeProvider? clock = null) =>
            TestSandbox.StartAsync(
                "2019.7.12",
                d =>
                {
                    d.TimeScale = 500;
                    d.Machines.ForEach(m => m.TentacleVersion = "4.0.1");
                    d.Assumptions.BundledTentacleVersion = Bundled;
                    configure(d);
                },
                clock);
    }
}
