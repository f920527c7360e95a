using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The documented 2.6 steps against a 2.6 estate: Hydra from the 2.6 server, verify, then the new server.</summary>
    public sealed class HydraTests
    {
        private static readonly string[] Names = Enumerable.Range(1, 20).Select(i => "tentacle" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        [Fact]
        public async Task Hydra_upgrades_twenty_mixed_tentacles_that_only_the_new_server_can_then_reach()
        {
            await using var sandbox = await TwentyTentacles();
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "", "tentacle");
            Assert.Equal("Success", (await sandbox.WaitForTask(await sandbox.CreateTask("Health"))).AsObject()["State"]!.GetValue<string>());

            var deploys = await HydraProject.DeployEverywhere(sandbox, releaseId);

            Assert.All(deploys, t => Assert.Equal("Success", t["State"]!.GetValue<string>()));
            await HydraProject.WaitForVersion(sandbox, HydraProject.PackageVersion, Names);

            var fromOld = await sandbox.WaitForTask(await sandbox.CreateTask("Health"));
            Assert.Equal("Failed", fromOld["State"]!.GetValue<string>());
            var machines = (await sandbox.GetJson("/api/machines?skip=0"))["TotalResults"]!.GetValue<int>();
            Assert.Equal(20, machines);
            foreach (var machine in await AllMachines(sandbox))
            {
                Assert.Equal("Offline", machine["Status"]!.GetValue<string>());
                var connection = await sandbox.GetJson("/api/machines/" + machine["Id"]!.GetValue<string>() + "/connection");
                Assert.Equal(HydraProject.PackageVersion, connection["CurrentTentacleVersion"]!.GetValue<string>());
            }

            sandbox.Estate.Service.Stop();
            sandbox.Estate.UpgradeServer("2018.10.0");
            sandbox.Estate.Service.Start();
            await sandbox.WhenServing();
            var fromNew = await sandbox.WaitForTask(await sandbox.CreateTask("Health"));

            Assert.Equal("Success", fromNew["State"]!.GetValue<string>());
            Assert.All(await AllMachines(sandbox), m => Assert.NotEqual("Unavailable", m["HealthStatus"]!.GetValue<string>()));
            Assert.All(await AllMachines(sandbox), m => Assert.Equal(HydraProject.PackageVersion, m["Endpoint"]!["TentacleVersionDetails"]!["Version"]!.GetValue<string>()));
        }

        [Fact]
        public async Task Wrong_server_mapping_strands_polling_tentacles_while_listening_ones_ignore_it()
        {
            await using var sandbox = await TwentyTentacles();
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "https://octopus01:10943/=>https://nowhere:10943/", "tentacle");

            await HydraProject.DeployEverywhere(sandbox, releaseId);
            await HydraProject.WaitForVersion(sandbox, HydraProject.PackageVersion, Names);
            sandbox.Estate.Service.Stop();
            sandbox.Estate.UpgradeServer("2018.10.0");
            sandbox.Estate.Service.Start();
            await sandbox.WhenServing();
            await sandbox.WaitForTask(await sandbox.CreateTask("Health"));

            foreach (var machine in await AllMachines(sandbox))
            {
                var polling = machine["Endpoint"]!["CommunicationStyle"]!.GetValue<string>() == "TentacleActive";
                Assert.Equal(polling, machine["HealthStatus"]!.GetValue<string>() == "Unavailable");
                var tentacle = await HydraProject.Tentacle(sandbox, machine["Name"]!.GetValue<string>());
                Assert.Equal(polling ? "https://nowhere:10943/" : null, tentacle["PollingAddress"]?.GetValue<string>());
            }
        }

        [Fact]
        public async Task Hydra_resets_the_service_account_to_local_system()
        {
            await using var sandbox = await TwentyTentacles(d => d.Machines.ForEach(m => m.ServiceAccount = @"CORP\svc-tentacle"));
            Assert.Equal(@"CORP\svc-tentacle", (await HydraProject.Tentacle(sandbox, "tentacle03"))["ServiceAccount"]!.GetValue<string>());
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "", "tentacle");

            await HydraProject.DeployEverywhere(sandbox, releaseId);
            await HydraProject.WaitForVersion(sandbox, HydraProject.PackageVersion, "tentacle03");

            Assert.Equal("LocalSystem", (await HydraProject.Tentacle(sandbox, "tentacle03"))["ServiceAccount"]!.GetValue<string>());
        }

        [Fact]
        public async Task Single_new_address_repoints_every_polling_tentacle()
        {
            await using var sandbox = await TwentyTentacles();
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "https://newserver:10943/", "tentacle");

            await HydraProject.DeployEverywhere(sandbox, releaseId);
            await HydraProject.WaitForVersion(sandbox, HydraProject.PackageVersion, Names);
            sandbox.Estate.ServerCommsAddress = "https://newserver:10943/";
            sandbox.Estate.Service.Stop();
            sandbox.Estate.UpgradeServer("2018.10.0");
            sandbox.Estate.Service.Start();
            await sandbox.WhenServing();

            Assert.Equal("Success", (await sandbox.WaitForTask(await sandbox.CreateTask("Health")))["State"]!.GetValue<string>());
        }

        [Fact]
        public async Task A_machine_off_when_hydra_is_due_keeps_its_old_tentacle()
        {
            await using var sandbox = await TwentyTentacles(d => d.Durations.HydraScheduleDelaySeconds = 3600);
            var (releaseId, _) = await HydraProject.Prepare(sandbox, "", "tentacle");
            var deploys = await HydraProject.DeployEverywhere(sandbox, releaseId);
            // Scheduling the upgrade is the success: the deployments are done and every Tentacle still runs 2.6.
            Assert.All(deploys, t => Assert.Equal("Success", t["State"]!.GetValue<string>()));
            foreach (var name in Names)
            {
                Assert.Equal("2.6.5.1010", (await HydraProject.Tentacle(sandbox, name))["TentacleVersion"]!.GetValue<string>());
            }

            sandbox.Estate.TakeMachineOffline("tentacle05");
            Assert.NotNull((await HydraProject.Tentacle(sandbox, "tentacle05"))["HydraScheduledFor"]);
            sandbox.Estate.Update(() => sandbox.Estate.Library.HydraPending.ForEach(m => m.PendingHydra = m.PendingHydra! with { DueAt = sandbox.Estate.Clock.GetUtcNow() }));

            await HydraProject.WaitForVersion(sandbox, HydraProject.PackageVersion, "tentacle04", "tentacle06");

            Assert.Equal("2.6.5.1010", (await HydraProject.Tentacle(sandbox, "tentacle05"))["TentacleVersion"]!.GetValue<string>());
            Assert.Null((await HydraProject.Tentacle(sandbox, "tentacle05"))["HydraScheduledFor"]);
        }

        // A 2.6.5 estate of 20 Tentacles, odd ones listening and even ones polling, over three environments.
        internal static Task<TestSandbox> TwentyTentacles(Action<EstateDescription>? configure = null) =>
            TestSandbox.StartAsync(EstatePresets.Legacy26, d =>
            {
                d.TimeScale = 600;
                d.Machines = Names.Select((name, i) => new MachineDescription
                {
                    Name = name,
                    Environments = [d.Environments[i % d.Environments.Count]],
                    Roles = ["tentacle"],
                    TentacleVersion = "2.6.5.1010",
                    CommunicationStyle = i % 2 == 0 ? "TentaclePassive" : "TentacleActive",
                }).ToList();
                configure?.Invoke(d);
            });

        private static async Task<JsonNode[]> AllMachines(TestSandbox sandbox)
        {
            var page = await sandbox.GetJson("/api/machines?skip=0&take=100");
            return page["Items"]!.AsArray().Select(m => m!).ToArray();
        }
    }
}
