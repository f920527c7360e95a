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
    /// <c>Update-OctopusTentacle</c> (3.x and later): the server's Upgrade task in waves. Upgrade-locked and disabled
    /// machines are left out and reported; each wave's task waits behind running deployments (the server holds it,
    /// nothing is cancelled); then a health check reads each machine's version from outside, and a machine that did
    /// not move to a newer version is an error for that machine.
    /// </summary>
    public sealed class UpdateOctopusTentacleStep : Step<TentacleUpgradeRequest, TentacleUpgradePlan, IReadOnlyList<TentacleUpgradeOutcome>>
    {
        public const string StepName = "Update-OctopusTentacle";

        public const string WaveAction = "Wave";

        public const int ActivityId = 4400;

        public override string Name => StepName;

        private protected override async Task<StepPlan<TentacleUpgradePlan>> PlanCoreAsync(StepRunner runner, TentacleUpgradeRequest request, CancellationToken cancellationToken)
        {
            if (request.BatchSize < 1)
            {
                throw new OctopusUpgradeException(TentacleErrorIds.BatchSizeInvalid, FailureCategory.InvalidArgument, $"The batch size must be at least 1; it was {request.BatchSize}.", request.BatchSize);
            }

            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var root = await SessionApiClients.ReadRootAsync(client, runner.Session, cancellationToken).ConfigureAwait(false);

            if (root.Version is { Major: < 3 })
            {
                throw new OctopusUpgradeException(
                    TentacleErrorIds.UpgradeNeedsModernServer,
                    FailureCategory.InvalidOperation,
                    $"The server at {client.BaseAddress} runs Octopus {root.Version}, whose Tentacle upgrade cannot move 2.x Tentacles to 3.x. Run Invoke-HydraUpgrade from this server instead. Nothing was changed.",
                    client.BaseAddress.ToString());
            }

            var targets = await MachineSelection.SelectAsync(client, runner.Reporter, request.MachineNames, request.Environments, cancellationToken).ConfigureAwait(false);
            var skipped = new List<TentacleUpgradeOutcome>();
            foreach (var target in targets.Where(t => t.IsDisabled || t.UpgradeLocked == true))
            {
                var why = target.IsDisabled
                    ? "Disabled in Octopus; not upgraded"
                    : "UpgradeLocked: Tentacle upgrades are locked for this machine; not upgraded (unlock it in Octopus to include it)";
                skipped.Add(new TentacleUpgradeOutcome(target, target.TentacleVersion, target.TentacleVersion, false, why) { Skipped = true });
            }

            var eligible = targets.Where(t => !t.IsDisabled && t.UpgradeLocked != true).ToList();
            var waves = Waves(eligible, request).ToList();
            var tasksLink = root.Links.TryGetValue("Tasks", out var link) ? link : "/api/tasks";
            var actions = waves.Select((wave, i) => new StepAction(
                WaveAction + ":" + (i + 1).ToString(CultureInfo.InvariantCulture),
                string.Join(", ", wave.SelectMany(t => t.Environments).Distinct(StringComparer.OrdinalIgnoreCase)),
                string.Format(CultureInfo.InvariantCulture, "Wave {0} of {1}: upgrade {2} Tentacle(s) with an Upgrade task (POST {3} with MachineIds), then check their health and read their versions", i + 1, waves.Count, wave.Count, tasksLink),
                ActionImpact.Medium)
            {
                Details = wave.Select(t => new StepActionDetail(t.Name, "Upgrade Tentacle " + (t.TentacleVersion?.ToString() ?? "(version unknown)"))).ToArray(),
            }).ToList();
            return new StepPlan<TentacleUpgradePlan>(new TentacleUpgradePlan(waves, skipped), actions)
            {
                WhatIfWarnings = skipped.Select(s => $"'{s.Machine.Name}' would be left out: {s.Message}.").ToArray(),
            };
        }

        private protected override async Task<IReadOnlyList<TentacleUpgradeOutcome>> ExecuteCoreAsync(
            StepRunner runner, TentacleUpgradeRequest request, StepPlan<TentacleUpgradePlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            foreach (var skipped in plan.Detail.Skipped)
            {
                runner.Reporter.Warning($"'{skipped.Machine.Name}': {skipped.Message}.");
            }

            var outcomes = new List<TentacleUpgradeOutcome>(plan.Detail.Skipped);
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var activity = new OperationProgress(ActivityId, StepName, "Upgrading");
            try
            {
                var waves = plan.Detail.Waves;
                for (var i = 0; i < waves.Count; i++)
                {
                    var number = i + 1;
                    if (!confirmed.Includes(WaveAction + ":" + number.ToString(CultureInfo.InvariantCulture)))
                    {
                        outcomes.AddRange(waves[i].Select(t => new TentacleUpgradeOutcome(t, t.TentacleVersion, t.TentacleVersion, false, "Its wave was declined; not upgraded") { Skipped = true, Wave = number }));
                        continue;
                    }

                    runner.Reporter.Progress(activity with
                    {
                        Status = string.Format(CultureInfo.InvariantCulture, "Wave {0} of {1}: {2} Tentacle(s)", number, waves.Count, waves[i].Count),
                        PercentComplete = i * 100 / waves.Count,
                    });
                    var wave = waves[i];
                    var stage = new StepStage($"{StepName} wave {number}", "An Upgrade task may have been queued; Tentacles it reached may run the new version")
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["Machines"] = string.Join(", ", wave.Select(t => t.Name)) },
                    };
                    outcomes.AddRange(await runner.RunStageAsync(
                        stage,
                        token => UpgradeWaveAsync(client, runner, request, wave, number, token),
                        done => new StepReport
                        {
                            Details = new Dictionary<string, string>(StringComparer.Ordinal)
                            {
                                ["Upgraded"] = done.Count(o => o.Upgraded).ToString(CultureInfo.InvariantCulture),
                                ["Task"] = done.Select(o => o.TaskId).FirstOrDefault() ?? string.Empty,
                            },
                            Changes = done.Where(o => o.Upgraded).Select(o => $"Upgraded Tentacle on '{o.Machine.Name}' from {o.PreviousVersion} to {o.TentacleVersion}").ToArray(),
                            FailedItems = done.Count(o => !o.Upgraded && !o.Skipped),
                        },
                        cancellationToken).ConfigureAwait(false));
                }
            }
            finally
            {
                runner.Reporter.Progress(activity with { Status = "Done", Completed = true });
            }

            return outcomes;
        }

        private static IEnumerable<IReadOnlyList<TentacleTarget>> Waves(IReadOnlyList<TentacleTarget> targets, TentacleUpgradeRequest request)
        {
            var groups = request.WaveBy == TentacleWaveGrouping.Environment
                ? targets.GroupBy(t => t.Environments.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase).Select(g => g.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList())
                : new[] { targets.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList() };
            foreach (var group in groups)
            {
                for (var i = 0; i < group.Count; i += request.BatchSize)
                {
                    yield return group.Skip(i).Take(request.BatchSize).ToArray();
                }
            }
        }

        private static async Task<IReadOnlyList<TentacleUpgradeOutcome>> UpgradeWaveAsync(
            OctopusApiClient client, StepRunner runner, TentacleUpgradeRequest request, IReadOnlyList<TentacleTarget> wave, int number, CancellationToken cancellationToken)
        {
            var task = await client.Tasks.CreateAsync(OctopusTaskRequest.Upgrade($"Upgrade Tentacles, wave {number} (OctopusUpgrade)", machineIds: wave.Select(t => t.Id)), cancellationToken).ConfigureAwait(false);
            runner.Reporter.Verbose($"Wave {number}: Upgrade task {task.Id} queued for {wave.Count} Tentacle(s). It waits behind any deployment running on them; nothing is cancelled.");
            var waiter = new OctopusTaskWaiter(client, timeProvider: runner.Clock) { ParentActivityId = ActivityId };
            var finished = await waiter.WaitAsync(task, request.Timeout, cancellationToken).ConfigureAwait(false);
            if (!finished.FinishedSuccessfully)
            {
                runner.Reporter.Verbose($"Wave {number}: Upgrade task {finished.Id} ended {finished.StateName}; each machine's version is checked from outside.");
            }

            // The task's own verdict proves nothing: a health check reads what each Tentacle runs now.
            var check = new TentacleHealthCheck(client, runner.Reporter, runner.Clock, legacy: false, ActivityId);
            await check.RunAsync(wave, everything: false, request.HealthCheckTimeout, cancellationToken).ConfigureAwait(false);
            var states = await check.ReadAsync(wave.ToDictionary(t => t.Id, StringComparer.Ordinal), readConnections: false, cancellationToken).ConfigureAwait(false);
            var outcomes = new List<TentacleUpgradeOutcome>();
            foreach (var target in wave)
            {
                states.TryGetValue(target.Id, out var state);
                var outcome = TentacleUpgradeVerification.Judge(target, state, expectReachable: true) with { Wave = number, TaskId = finished.Id };
                if (!outcome.Upgraded && !outcome.Skipped)
                {
                    runner.Reporter.Error(new OctopusUpgradeException(
                        TentacleErrorIds.NotUpgraded,
                        FailureCategory.InvalidData,
                        $"'{target.Name}' did not upgrade (wave {number}, task {finished.Id}): {outcome.Message}.",
                        target.Name));
                }

                outcomes.Add(outcome);
            }

            return outcomes;
        }
    }
}
