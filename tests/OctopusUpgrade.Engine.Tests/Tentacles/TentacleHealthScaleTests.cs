using System;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Tentacles
{
    /// <summary>
    /// Test-TentacleHealth over 10,000 machines: requests per read, and a read-back that streams (it holds a machine's
    /// compact state, never the pages): shown by the pages requested between two progress reports, not by the heap.
    /// </summary>
    public sealed class TentacleHealthScaleTests
    {
        private static readonly TentacleHealthStep Step = new();

        [Theory]
        [InlineData(EstatePresets.Legacy26, 30)]
        [InlineData(EstatePresets.V2019, 100)]
        public async Task Ten_thousand_machines_are_checked_in_a_page_per_take_and_a_few_more_requests_and_read_back_as_the_pages_arrive(string version, int take)
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(version));
            s.Sandbox.Estate.AddMachines(10_000 - s.Sandbox.Estate.Machines.Count(m => !m.IsWorker));
            using var counter = new RequestCounter(s.Sandbox.ServerUrl);
            var machines = version == EstatePresets.Legacy26 ? "/api/machines" : "/api/" + s.Sandbox.Estate.DefaultSpaceId + "/machines";
            var pagesAt = new System.Collections.Generic.Dictionary<string, int>();
            s.Reporter.OnProgress = p =>
            {
                if (p.ActivityId == TentacleHealthStep.ReadActivityId && p.Status is "500 of 10000" or "9500 of 10000")
                {
                    pagesAt[p.Status] = counter.To(machines);
                }
            };

            var outcomes = await s.RunAsync(Step, new TentacleHealthRequest());

            Assert.Equal(10_000, outcomes.Count);
            Assert.All(outcomes, o => Assert.True(o.Passed, o.Machine.Name));
            // Planning and reading back each list the machines once, a page per take (100 asked for where the link
            // takes it; a 2.x link does not, and the server pages by its own 30); the rest is the root, environments,
            // the task and its polls.
            var pages = (int)Math.Ceiling(10_000.0 / take);
            Assert.InRange(counter.Count, 2 * pages, (2 * pages) + 25);
            // Between the 500th and the 9,500th machine read back, the pages holding the 9,000 between were requested:
            // the read-back takes each machine as its page arrives. One that read every page first would request none.
            var expectedBetween = (int)Math.Ceiling(9_500.0 / take) - (int)Math.Ceiling(500.0 / take);
            Assert.InRange(pagesAt["9500 of 10000"] - pagesAt["500 of 10000"], expectedBetween - 1, expectedBetween + 1);
        }
    }
}
