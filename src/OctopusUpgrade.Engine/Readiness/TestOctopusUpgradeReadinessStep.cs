using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>
    /// <c>Test-OctopusUpgradeReadiness</c>: reads the server, SQL Server and the estate, changing nothing, and returns one
    /// check each. A failing check is also reported as a non-terminating error carrying its remedy.
    /// </summary>
    public sealed class TestOctopusUpgradeReadinessStep : Step<TestOctopusUpgradeReadinessRequest, TestOctopusUpgradeReadinessRequest, IReadOnlyList<ReadinessCheck>>
    {
        public const string StepName = "Test-OctopusUpgradeReadiness";

        public override string Name => StepName;

        /// <summary>Nothing to confirm: the checks only read.</summary>
        private protected override Task<StepPlan<TestOctopusUpgradeReadinessRequest>> PlanCoreAsync(StepRunner runner, TestOctopusUpgradeReadinessRequest request, CancellationToken cancellationToken)
        {
            if (request.TargetVersion is not null && !OctopusVersion.TryParse(request.TargetVersion, out _))
            {
                throw new OctopusUpgradeException(ReadinessErrorIds.CheckFailed, FailureCategory.InvalidArgument, $"'{request.TargetVersion}' is not an Octopus version (such as 2018.10.2 or 2024.1.12345).", request.TargetVersion);
            }

            return Task.FromResult(new StepPlan<TestOctopusUpgradeReadinessRequest>(request, Array.Empty<StepAction>()));
        }

        private protected override async Task<IReadOnlyList<ReadinessCheck>> ExecuteCoreAsync(StepRunner runner, TestOctopusUpgradeReadinessRequest request, StepPlan<TestOctopusUpgradeReadinessRequest> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var target = request.TargetVersion is null ? runner.Session.TargetVersion : OctopusVersion.Parse(request.TargetVersion);
            var stage = new StepStage(StepName, "Nothing: the checks only read") { Details = new Dictionary<string, string> { ["Target"] = target?.ToString() ?? "unknown" } };
            var checks = await runner.RunStageAsync(
                stage,
                token => new ReadinessChecks(runner, target, request).RunAllAsync(token),
                results => new StepReport { Details = results.ToDictionary(c => c.Name, c => c.Status + ": " + c.Detail, StringComparer.Ordinal) },
                cancellationToken).ConfigureAwait(false);
            foreach (var failed in checks.Where(c => c.Status == ReadinessStatus.Fail))
            {
                runner.Reporter.Error(new OctopusUpgradeException(ReadinessErrorIds.CheckFailed, FailureCategory.InvalidOperation, $"{failed.Name}: {failed.Detail} Remedy: {failed.Remedy}", failed.Name));
            }

            return checks;
        }
    }
}
