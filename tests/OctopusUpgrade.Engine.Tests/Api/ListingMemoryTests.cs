using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>
    /// Listing a large estate keeps memory flat. The sandbox runs as its own process (its documented process mode),
    /// so this process's heap holds only the client, and what survives a full collection is compared early and late
    /// in the listing.
    /// </summary>
    [Collection(MeasuredAloneCollection.Name)]
    public sealed class ListingMemoryTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public async Task Listing_ten_thousand_machines_retains_no_more_memory_late_than_early()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            var environment = estate.Environments.First();
            estate.Machines.AddRange(Enumerable.Range(0, 10_000 - estate.Machines.Count(m => !m.IsWorker)).Select(i => new MachineDescription
            {
                Name = $"scale{i:D5}",
                Environments = [environment],
                Roles = ["web-server"],
            }));
            var estateFile = _folder.Combine("estate.json");
            File.WriteAllText(estateFile, estate.ToJson());

            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { typeof(SandboxServer).Assembly.Location, "start", "--port", "0", "--estate", estateFile })
            {
                start.ArgumentList.Add(argument);
            }

            using var sandbox = Process.Start(start)!;
            try
            {
                var first = JObject.Parse((await sandbox.StandardOutput.ReadLineAsync())!);
                using var client = new OctopusApiClient(new Uri((string)first["ServerUrl"]!), new Secret((string)first["ApiKey"]!), new OctopusApiClientOptions { PageSize = 500 });

                var count = 0;
                long early = 0;
                long late = 0;
                await foreach (var machine in client.Machines.GetAllAsync())
                {
                    switch (count++)
                    {
                        case 1_000:
                            early = GC.GetTotalMemory(forceFullCollection: true);
                            break;
                        case 9_500:
                            late = GC.GetTotalMemory(forceFullCollection: true);
                            break;
                    }
                }

                Assert.Equal(10_000, count);

                // Keeping the 8,500 machines seen between the samples would retain megabytes; one page is far less.
                Assert.True(late - early < 2 * 1024 * 1024, $"retained heap grew by {(late - early) / 1024} KB while listing");
            }
            finally
            {
                sandbox.StandardInput.Close();
                if (!sandbox.WaitForExit(30_000))
                {
                    sandbox.Kill(entireProcessTree: true);
                }
            }
        }
    }
}
