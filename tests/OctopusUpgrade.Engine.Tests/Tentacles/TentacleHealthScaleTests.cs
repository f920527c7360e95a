using System;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Tentacles
{
    /// <summary>
    /// Test-TentacleHealth over 10,000 machines: requests per read and memory kept. It measures the process's heap,
    /// so it runs alone (the in-process sandbox's own allocations happen before and after the sampled read-back).
    /// </summary>
    [Collection(MeasuredAloneCollection.Name)]
    public sealed class TentacleHealthScaleTests
    {
        private static readonly TentacleHealthStep Step = new();

        [Theory]
        [InlineData(EstatePresets.Legacy26, 30)]
        [InlineData(EstatePresets.V2019, 100)]
        public async Task Ten_thousand_machines_are_checked_in_a_page_per_take_and_a_few_more_requests_keeping_memory_bounded(string version, int take)
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(version));
            s.Sandbox.Estate.AddMachines(10_000 - s.Sandbox.Estate.Machines.Count(m => !m.IsWorker));
            using var counter = new RequestCounter(s.Sandbox.ServerUrl);
            long early = 0;
            long late = 0;
            s.Reporter.OnProgress = p =>
            {
                if (p.ActivityId == TentacleHealthStep.ReadActivityId && p.Status.StartsWith("1000 of", StringComparison.Ordinal))
                {
                    early = GC.GetTotalMemory(forceFullCollection: true);
                }
                else if (p.ActivityId == TentacleHealthStep.ReadActivityId && p.Status.StartsWith("9500 of", StringComparison.Ordinal))
                {
                    late = GC.GetTotalMemory(forceFullCollection: true);
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
            // While reading back, what is kept per machine is its compact state, not the documents of the pages read.
            Assert.True(early > 0 && late > 0, "the read-back's progress was not seen");
            Assert.True(late - early < 8_500 * 1024, $"retained {(late - early) / 1024} KB over 8,500 machines");
        }
    }
}
