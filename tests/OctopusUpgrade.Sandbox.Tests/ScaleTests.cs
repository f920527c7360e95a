using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    public sealed class ScaleTests
    {
        [Fact]
        public async Task Ten_thousand_machines_page_correctly()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            sandbox.Estate.AddMachines(10_000);
            var recorded = new JsonArray(ShapeAssert.Fixture("machines-all_2019.x_listening-and-polling_serverspec.json")[0]!.DeepClone());
            var ids = new HashSet<string>();
            string? next = "/api/Spaces-1/machines?skip=0&take=1000";
            var total = 0;

            while (next is not null)
            {
                var page = await sandbox.GetJson(next);
                // Every machine of every page is shaped as the recorded 2019 listening Tentacle.
                ShapeAssert.Covers(recorded, page["Items"]!, exact: true);
                total = page["TotalResults"]!.GetValue<int>();
                foreach (var item in page["Items"]!.AsArray())
                {
                    Assert.True(ids.Add(item!["Id"]!.GetValue<string>()));
                }

                next = page["Links"]!["Page.Next"]?.GetValue<string>();
            }

            // The preset has four targets besides its worker.
            Assert.Equal(10_004, total);
            Assert.Equal(total, ids.Count);
            var last = await sandbox.GetJson("/api/machines?skip=10000&take=1000");
            Assert.Equal(4, last["Items"]!.AsArray().Count);
            Assert.Equal(10, last["LastPageNumber"]!.GetValue<int>());
        }

        [Fact]
        public async Task Ten_thousand_two_six_machines_are_health_checked_and_read_in_eleven_pages()
        {
            await using var sandbox = await TestSandbox.StartAsync(EstatePresets.Legacy26);
            sandbox.Estate.AddMachines(10_000);
            var recorded = new JsonArray(ShapeAssert.Fixture("machine_listening_2.6.5_machines-1.json").DeepClone());

            Assert.Equal("Success", (await sandbox.WaitForTask(await sandbox.CreateTask("Health")))["State"]!.GetValue<string>());

            var requests = 0;
            var online = 0;
            for (string? next = "/api/machines?skip=0&take=1000"; next is not null; requests++)
            {
                var page = await sandbox.GetJson(next);
                ShapeAssert.Covers(recorded, page["Items"]!, exact: true);
                online += page["Items"]!.AsArray().Count(m => m!["Status"]!.GetValue<string>() == "Online");
                next = page["Links"]!["Page.Next"]?.GetValue<string>();
            }

            Assert.Equal(10_005, online);
            Assert.Equal(11, requests);
        }
    }
}
