using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Tentacles;

namespace OctopusUpgrade.Rehearsal.Scenarios
{
    /// <summary>One upgrade plan rehearsed end to end: the steps in order, each checked from outside.</summary>
    internal abstract class UpgradeRehearsal
    {
        /// <summary>How often the steps poll; the simulated estates run fast, so there is no need to wait as long as against a real server.</summary>
        protected static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

        protected UpgradeRehearsal(string workFolder, ConsoleReporter reporter)
        {
            WorkFolder = workFolder;
            Reporter = reporter;
        }

        protected string WorkFolder { get; }

        protected ConsoleReporter Reporter { get; }

        public abstract Task RunAsync(RehearsalLog log, CancellationToken cancellationToken);

        /// <summary>
        /// Test-TentacleHealth expecting every machine reachable, then the server's machine list read independently:
        /// each machine the step passed must be listed in the state <paramref name="isHealthy"/> accepts.
        /// </summary>
        protected static async Task<string> CheckTentaclesAsync(RehearsalEstate estate, string machinesPath, Func<JsonNode, bool> isHealthy, CancellationToken cancellationToken)
        {
            var outcomes = await StepDriver.RunAsync(estate.Runner, new TentacleHealthStep(), new TentacleHealthRequest { RetryInterval = Poll, RetryCount = 1 }, cancellationToken).ConfigureAwait(false);
            RehearsalCheckFailedException.Unless(outcomes.Count > 0 && outcomes.All(o => o.Passed), "not every machine passed: " + string.Join(", ", outcomes.Where(o => !o.Passed).Select(o => o.Machine.Name)));
            var machines = (await estate.Outside.GetAsync(machinesPath).ConfigureAwait(false))["Items"]!.AsArray();
            var healthy = machines.Where(m => m is not null && isHealthy(m)).Select(m => (string?)m!["Name"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var disagree = outcomes.Where(o => !healthy.Contains(o.Machine.Name)).Select(o => o.Machine.Name).ToList();
            RehearsalCheckFailedException.Unless(disagree.Count == 0, "the API does not list as healthy: " + string.Join(", ", disagree));
            return $"{outcomes.Count} machines reachable, and the server's machine list agrees for each";
        }
    }
}
