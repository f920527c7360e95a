using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>
    /// <c>Test-TentacleHealth</c>: planning selects the Tentacles; executing runs a Health task, reads every selected
    /// machine back from the server, checks it against the expectation, and checks again those that failed, up to the
    /// retry count. Each machine that still fails is a non-terminating error and a result with Passed false.
    /// </summary>
    public sealed class TentacleHealthStep : Step<TentacleHealthRequest, TentacleHealthPlan, IReadOnlyList<TentacleHealthOutcome>>
    {
        public const string StepName = "Test-TentacleHealth";

        public const string CheckAction = "Check";

        public const int ActivityId = 4300;

        public const int ReadActivityId = 4301;

        public override string Name => StepName;

        private protected override async Task<StepPlan<TentacleHealthPlan>> PlanCoreAsync(StepRunner runner, TentacleHealthRequest request, CancellationToken cancellationToken)
        {
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var root = await SessionApiClients.ReadRootAsync(client, runner.Session, cancellationToken).ConfigureAwait(false);

            var targets = await MachineSelection.SelectAsync(client, runner.Reporter, request.MachineNames, request.Environments, cancellationToken).ConfigureAwait(false);
            var plan = new TentacleHealthPlan(targets, request.MachineNames.Count == 0 && request.Environments.Count == 0, root.Version is { Major: < 3 });
            var check = new TentacleHealthCheck(client, runner.Reporter, runner.Clock, plan.Legacy, ActivityId);
            var tasksLink = root.Links.TryGetValue("Tasks", out var link) ? link : "/api/tasks";
            var requests = check.Requests(targets, plan.Everything, request.Timeout);
            var action = new StepAction(
                CheckAction,
                client.BaseAddress.ToString(),
                string.Format(CultureInfo.InvariantCulture, "Check the health of {0} Tentacle(s): POST {1} for {2} Health task(s), then read each machine", targets.Count, tasksLink, requests.Count),
                ActionImpact.Low)
            {
                Details = requests.Select(r => new StepActionDetail(tasksLink, "Health task with " + DescribeArguments(r))).ToArray(),
            };
            return new StepPlan<TentacleHealthPlan>(plan, new[] { action });
        }

        private protected override async Task<IReadOnlyList<TentacleHealthOutcome>> ExecuteCoreAsync(
            StepRunner runner, TentacleHealthRequest request, StepPlan<TentacleHealthPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            if (!confirmed.Includes(CheckAction))
            {
                return Array.Empty<TentacleHealthOutcome>();
            }

            var stage = new StepStage(StepName, "Health tasks may have been queued; they change nothing on the Tentacles")
            {
                Details = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Machines"] = plan.Detail.Targets.Count.ToString(CultureInfo.InvariantCulture),
                    ["Expect"] = request.Expect.ToString(),
                    ["ExpectedVersion"] = request.MinimumVersion?.ToString() ?? string.Empty,
                },
            };
            return await runner.RunStageAsync(
                stage,
                token => CheckAsync(runner, request, plan.Detail, token),
                outcomes => new StepReport
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["Passed"] = outcomes.Count(o => o.Passed).ToString(CultureInfo.InvariantCulture),
                        ["Failed"] = string.Join(", ", outcomes.Where(o => !o.Passed).Take(20).Select(o => o.Machine.Name)),
                    },
                    FailedItems = outcomes.Count(o => !o.Passed),
                },
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Whether a machine as read meets the expectation, and in words why not.</summary>
        public static (bool Passed, string Reason) Evaluate(MachineState? state, TentacleHealthRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (state is null)
            {
                return (false, "The machine was not found when it was read back after the check");
            }

            if (state.HealthStatus == "Unknown")
            {
                return (false, "The health check did not reach a verdict on this machine (its status is still Unknown)");
            }

            if (request.Expect == TentacleExpectation.Reachable && !state.IsReachable)
            {
                return (false, $"The server cannot reach it ({state.HealthStatus}{(string.IsNullOrEmpty(state.StatusSummary) ? string.Empty : ": " + state.StatusSummary)})");
            }

            if (request.Expect == TentacleExpectation.Unreachable && state.IsReachable)
            {
                return (false, $"The server still reaches it ({state.HealthStatus}), so it was expected to have been upgraded away from this server and was not");
            }

            if (request.MinimumVersion is not null && state.TentacleVersion is null)
            {
                return (false, $"Its Tentacle version could not be read, so version {request.MinimumVersion} or later is not proven");
            }

            if (request.MinimumVersion is not null && state.TentacleVersion < request.MinimumVersion)
            {
                return (false, $"It runs Tentacle {state.TentacleVersion}, older than the expected {request.MinimumVersion}");
            }

            return (true, request.Expect == TentacleExpectation.Reachable ? $"Reachable ({state.HealthStatus})" : $"Unreachable as expected ({state.HealthStatus})");
        }

        private static async Task<IReadOnlyList<TentacleHealthOutcome>> CheckAsync(StepRunner runner, TentacleHealthRequest request, TentacleHealthPlan plan, CancellationToken cancellationToken)
        {
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var activity = new OperationProgress(ActivityId, StepName, "Checking");
            var check = new TentacleHealthCheck(client, runner.Reporter, runner.Clock, plan.Legacy, ActivityId);
            var outcomes = new Dictionary<string, TentacleHealthOutcome>(StringComparer.Ordinal);
            foreach (var disabled in plan.Targets.Where(t => t.IsDisabled))
            {
                runner.Reporter.Warning($"'{disabled.Name}' is disabled in Octopus, so it was not checked; it is reported with Passed false.");
                outcomes[disabled.Id] = new TentacleHealthOutcome(disabled, "Disabled", false, null, 0, false, "Disabled in Octopus, so not checked");
            }

            var pending = plan.Targets.Where(t => !t.IsDisabled).ToDictionary(t => t.Id, StringComparer.Ordinal);
            var everything = plan.Everything && pending.Count == plan.Targets.Count;
            try
            {
                for (var attempt = 1; pending.Count > 0 && attempt <= request.RetryCount + 1; attempt++)
                {
                    if (attempt > 1)
                    {
                        runner.Reporter.Verbose($"{pending.Count} machine(s) did not meet the expectation; checking them again in {request.RetryInterval} (attempt {attempt}).");
                        await ClockDelay.WaitAsync(runner.Clock, request.RetryInterval, cancellationToken).ConfigureAwait(false);
                    }

                    runner.Reporter.Progress(activity with { Status = $"Attempt {attempt}: checking {pending.Count} Tentacle(s)" });
                    await check.RunAsync(pending.Values, everything && attempt == 1, request.Timeout, cancellationToken).ConfigureAwait(false);
                    var states = await check.ReadAsync(pending, request.MinimumVersion is not null, cancellationToken).ConfigureAwait(false);
                    foreach (var target in pending.Values.ToList())
                    {
                        states.TryGetValue(target.Id, out var state);
                        var (passed, reason) = Evaluate(state, request);
                        outcomes[target.Id] = new TentacleHealthOutcome(target, state?.HealthStatus ?? "Unknown", state?.IsReachable ?? false, state?.TentacleVersion, attempt, passed, reason);
                        if (passed)
                        {
                            pending.Remove(target.Id);
                        }
                    }
                }
            }
            finally
            {
                runner.Reporter.Progress(activity with { Status = "Done", Completed = true });
            }

            foreach (var failed in outcomes.Values.Where(o => !o.Passed && !o.Machine.IsDisabled))
            {
                runner.Reporter.Error(new OctopusUpgradeException(
                    TentacleErrorIds.HealthExpectationFailed,
                    FailureCategory.InvalidData,
                    $"'{failed.Machine.Name}' was expected to be {request.Expect.ToString().ToLowerInvariant()}{(request.MinimumVersion is null ? string.Empty : " with Tentacle " + request.MinimumVersion + " or later")} after {failed.Attempts} check(s): {failed.Reason}.",
                    failed.Machine.Name));
            }

            return plan.Targets.Select(t => outcomes[t.Id]).ToArray();
        }

        private static string DescribeArguments(OctopusTaskRequest request) =>
            string.Join(", ", request.Arguments.Select(a => a.Key + "=" + (a.Value is string[] ids ? "[" + ids.Length.ToString(CultureInfo.InvariantCulture) + " machine ids]" : a.Value)));
    }
}
