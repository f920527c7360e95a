using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Input;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Tentacles.Hydra
{
    /// <summary>
    /// <c>Invoke-HydraUpgrade</c> (2.x servers only): the documented 2.6 Tentacle upgrade. Puts the Hydra package in the
    /// built-in feed (unless that version is there), makes sure of the step template, a lifecycle reaching the chosen
    /// environments and the "Upgrade Tentacles" project with its one Hydra step (reusing each when it exists), sets
    /// ServerMapping, creates a release and deploys it to the selected Tentacles, a canary wave first when asked. A
    /// deployment's success only means Hydra was scheduled; each Tentacle is then verified from outside: the 2.6
    /// server can no longer reach it and its connection status shows a newer Tentacle version.
    /// </summary>
    public sealed class InvokeHydraUpgradeStep : Step<HydraUpgradeRequest, HydraUpgradePlan, IReadOnlyList<TentacleUpgradeOutcome>>
    {
        public const string StepName = "Invoke-HydraUpgrade";

        public const string PackageAction = "Package";

        public const string TemplateAction = "StepTemplate";

        public const string LifecycleAction = "Lifecycle";

        public const string ProjectAction = "Project";

        public const string ProcessAction = "Process";

        public const string ReleaseAction = "Release";

        public const string DeployAction = "Deploy";

        public const int ActivityId = 4500;

        public override string Name => StepName;

        private protected override async Task<StepPlan<HydraUpgradePlan>> PlanCoreAsync(StepRunner runner, HydraUpgradeRequest request, CancellationToken cancellationToken)
        {
            // Everything that can be checked here is, before the server is asked anything.
            var mapping = HydraServerMapping.Parse(request.ServerMapping);
            var package = HydraPackage.Read(request.PackagePath);

            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var root = await SessionApiClients.ReadRootAsync(client, runner.Session, cancellationToken).ConfigureAwait(false);
            if (root.Version is not { Major: < 3 })
            {
                throw new OctopusUpgradeException(
                    HydraErrorIds.NeedsLegacyServer,
                    FailureCategory.InvalidOperation,
                    $"The server at {client.BaseAddress} runs Octopus {root.Version?.ToString() ?? "(version unknown)"}. Hydra upgrades 2.6 Tentacles and is run from the 2.6 server; on this server use Update-OctopusTentacle. Nothing was changed.",
                    client.BaseAddress.ToString());
            }

            var selected = await MachineSelection.SelectAsync(client, runner.Reporter, request.MachineNames, request.Environments, cancellationToken).ConfigureAwait(false);
            var targets = new List<TentacleTarget>();
            foreach (var target in selected)
            {
                if (target.IsDisabled)
                {
                    runner.Reporter.Verbose($"'{target.Name}' is disabled in Octopus; a deployment cannot reach it, so it is left out.");
                    continue;
                }

                // A 2.x machine document has no Tentacle version; its connection status does.
                var connection = target.ConnectionLink is null ? null : await client.Machines.GetConnectionAsync(target.ConnectionLink, cancellationToken).ConfigureAwait(false);
                targets.Add(target with { TentacleVersion = connection?.CurrentTentacleVersion ?? target.TentacleVersion });
            }

            var waves = Waves(targets, request);
            var plan = new HydraUpgradePlan(package, mapping, waves)
            {
                PackageInFeed = await client.Feeds.ContainsBuiltInPackageAsync(package.Identity, cancellationToken).ConfigureAwait(false),
                Template = await ManualStep(() => client.ActionTemplates.FindByNameAsync(HydraStepTemplate.Name, cancellationToken), ImportTemplateByHand).ConfigureAwait(false),
                Lifecycle = await ManualStep(() => client.Lifecycles.FindByNameAsync(HydraStepTemplate.LifecycleName, cancellationToken), CreateLifecycleByHand).ConfigureAwait(false),
                Project = await client.Projects.FindByNameAsync(HydraStepTemplate.ProjectName, cancellationToken).ConfigureAwait(false),
                EnvironmentIds = targets.SelectMany(t => t.EnvironmentIds).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                Roles = targets.SelectMany(t => t.Roles).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(r => r, StringComparer.OrdinalIgnoreCase).ToList(),
            };
            return new StepPlan<HydraUpgradePlan>(plan, Actions(plan, root.Links));
        }

        private protected override async Task<IReadOnlyList<TentacleUpgradeOutcome>> ExecuteCoreAsync(
            StepRunner runner, HydraUpgradeRequest request, StepPlan<HydraUpgradePlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var detail = plan.Detail;
            runner.Reporter.Warning("Hydra reinstalls each Tentacle service, which resets its account to Local System. To run one as another account again: Tentacle.exe service --instance \"Tentacle\" --reconfigure --username=DOMAIN\\ACCOUNT --password=... --start --console");
            var polling = detail.Waves.SelectMany(w => w).Count(t => t.CommunicationStyle == "TentacleActive");
            if (polling > 0)
            {
                runner.Reporter.Warning(detail.Mapping.IsEmpty
                    ? $"{polling} polling Tentacle(s) are selected and -ServerMapping is empty: they keep polling the address they poll now. If the new server listens elsewhere, a wrong or missing mapping strands them where neither server reaches them."
                    : $"{polling} polling Tentacle(s) will be re-pointed by the mapping '{detail.Mapping.Text}'. A wrong mapping strands them where neither server reaches them.");
            }

            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var activity = new OperationProgress(ActivityId, StepName, "Preparing Hydra");
            var outcomes = new List<TentacleUpgradeOutcome>();
            try
            {
                var stage = new StepStage($"{StepName} setup", "The Hydra package, step template, lifecycle, project or release may have been created");
                var release = await runner.RunStageAsync(
                    stage,
                    token => SetUpAsync(client, runner, detail, confirmed, activity, token),
                    done => new StepReport
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["Release"] = done?.Version ?? string.Empty },
                        Changes = done is null ? Array.Empty<string>() : new[] { $"Created release {done.Version} of '{HydraStepTemplate.ProjectName}'" },
                    },
                    cancellationToken).ConfigureAwait(false);
                if (release is null)
                {
                    return detail.Waves.SelectMany(w => w).Select(t => new TentacleUpgradeOutcome(t, t.TentacleVersion, t.TentacleVersion, false, "Its setup was declined; not upgraded") { Skipped = true }).ToList();
                }

                string? stopped = null;
                for (var i = 0; i < detail.Waves.Count; i++)
                {
                    var number = i + 1;
                    var wave = detail.Waves[i];
                    if (stopped is not null || !confirmed.Includes(DeployAction + ":" + number.ToString(CultureInfo.InvariantCulture)))
                    {
                        var why = stopped ?? "Its wave was declined; not upgraded";
                        outcomes.AddRange(wave.Select(t => NotUpgraded(runner, new TentacleUpgradeOutcome(t, t.TentacleVersion, t.TentacleVersion, false, why) { Wave = number, Skipped = stopped is null })));
                        continue;
                    }

                    runner.Reporter.Progress(activity with
                    {
                        Status = string.Format(CultureInfo.InvariantCulture, "Wave {0} of {1}: {2} Tentacle(s)", number, detail.Waves.Count, wave.Count),
                        PercentComplete = i * 100 / detail.Waves.Count,
                    });
                    var waveStage = new StepStage($"{StepName} wave {number}", "Hydra may have been scheduled on these Tentacles; a minute later they run the new Tentacle and the 2.6 server can no longer reach them")
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["Machines"] = string.Join(", ", wave.Select(t => t.Name)) },
                    };
                    var done = await runner.RunStageAsync(
                        waveStage,
                        token => UpgradeWaveAsync(client, runner, request, release, wave, number, token),
                        result => new StepReport
                        {
                            Details = new Dictionary<string, string>(StringComparer.Ordinal)
                            {
                                ["Upgraded"] = result.Count(o => o.Upgraded).ToString(CultureInfo.InvariantCulture),
                                ["Tasks"] = string.Join(", ", result.Select(o => o.TaskId).Where(id => id is not null).Distinct()),
                            },
                            Changes = result.Where(o => o.Upgraded).Select(o => $"Upgraded Tentacle on '{o.Machine.Name}' from {o.PreviousVersion?.ToString() ?? "an unknown version"} to {o.TentacleVersion}").ToArray(),
                            FailedItems = result.Count(o => !o.Upgraded),
                        },
                        cancellationToken).ConfigureAwait(false);
                    outcomes.AddRange(done);
                    if (number < detail.Waves.Count && done.Any(o => !o.Upgraded))
                    {
                        stopped = $"Not deployed: the canary wave did not verify ({string.Join(", ", done.Where(o => !o.Upgraded).Select(o => o.Machine.Name))} did not upgrade)";
                    }
                }
            }
            finally
            {
                runner.Reporter.Progress(activity with { Status = "Done", Completed = true });
            }

            return outcomes;
        }

        private static IReadOnlyList<IReadOnlyList<TentacleTarget>> Waves(IReadOnlyList<TentacleTarget> targets, HydraUpgradeRequest request)
        {
            var ordered = targets.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
            if (request.CanaryRoles.Count == 0 && request.CanaryEnvironments.Count == 0)
            {
                return new[] { ordered };
            }

            var roles = new NamePattern(request.CanaryRoles);
            var environments = new NamePattern(request.CanaryEnvironments);
            var canary = ordered.Where(t =>
                (request.CanaryRoles.Count > 0 && t.Roles.Any(roles.Matches))
                || (request.CanaryEnvironments.Count > 0 && t.Environments.Any(environments.Matches))).ToList();
            if (canary.Count == 0)
            {
                throw new OctopusUpgradeException(
                    HydraErrorIds.CanaryEmpty,
                    FailureCategory.ObjectNotFound,
                    $"No selected Tentacle has the canary role(s) {string.Join(", ", request.CanaryRoles)} or is in the canary environment(s) {string.Join(", ", request.CanaryEnvironments)}. Nothing was changed.",
                    string.Join(",", request.CanaryRoles.Concat(request.CanaryEnvironments)));
            }

            var rest = ordered.Except(canary).ToList();
            return rest.Count == 0 ? new[] { canary } : new IReadOnlyList<TentacleTarget>[] { canary, rest };
        }

        private static List<StepAction> Actions(HydraUpgradePlan plan, IReadOnlyDictionary<string, string> rootLinks)
        {
            string Route(string linkName, string legacy) => rootLinks.TryGetValue(linkName, out var link) ? link : legacy + " (2.x route)";
            var project = "'" + HydraStepTemplate.ProjectName + "'";
            var actions = new List<StepAction>();
            if (!plan.PackageInFeed)
            {
                actions.Add(new StepAction(PackageAction, plan.Package.Identity.ToString(), $"Upload {plan.Package.FileName} to the built-in feed (POST {Route("PackageUpload", "/api/packages/raw")}, multipart/form-data)", ActionImpact.Medium));
            }

            if (plan.Template is null)
            {
                actions.Add(new StepAction(TemplateAction, HydraStepTemplate.Name, $"Create the step template '{HydraStepTemplate.Name}' (POST {Route("ActionTemplates", "/api/actiontemplates")})", ActionImpact.Medium));
            }

            if (plan.Lifecycle is null)
            {
                actions.Add(new StepAction(LifecycleAction, HydraStepTemplate.LifecycleName, $"Create the lifecycle '{HydraStepTemplate.LifecycleName}' reaching {plan.EnvironmentIds.Count} environment(s) (POST {Route("Lifecycles", "/api/lifecycles")})", ActionImpact.Medium));
            }
            else if (plan.EnvironmentIds.Except(plan.Lifecycle.EnvironmentIds, StringComparer.OrdinalIgnoreCase).Any())
            {
                actions.Add(new StepAction(LifecycleAction, HydraStepTemplate.LifecycleName, $"Add {string.Join(", ", plan.EnvironmentIds.Except(plan.Lifecycle.EnvironmentIds, StringComparer.OrdinalIgnoreCase))} to the lifecycle '{HydraStepTemplate.LifecycleName}' (PUT its Self link)", ActionImpact.Medium));
            }

            if (plan.Project is null)
            {
                actions.Add(new StepAction(ProjectAction, HydraStepTemplate.ProjectName, $"Create the project {project} (POST {Route("Projects", "/api/projects")})", ActionImpact.Medium));
            }

            actions.Add(new StepAction(ProcessAction, HydraStepTemplate.ProjectName, $"Make the deployment process of {project} one '{HydraStepTemplate.StepName}' step for roles {string.Join(", ", plan.Roles)} with ServerMapping '{plan.Mapping.Text}' (PUT the project's DeploymentProcess link, only if it differs)", ActionImpact.Medium));
            actions.Add(new StepAction(ReleaseAction, HydraStepTemplate.ProjectName, $"Create a release of {project} with {plan.Package.Identity} (POST {Route("Releases", "/api/releases")})", ActionImpact.Medium));
            for (var i = 0; i < plan.Waves.Count; i++)
            {
                var wave = plan.Waves[i];
                var label = plan.Waves.Count > 1 && i == 0 ? "canary wave" : "wave " + (i + 1).ToString(CultureInfo.InvariantCulture);
                actions.Add(new StepAction(
                    DeployAction + ":" + (i + 1).ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", wave.SelectMany(t => t.Environments).Distinct(StringComparer.OrdinalIgnoreCase)),
                    $"Deploy the release to the {wave.Count} Tentacle(s) of the {label}, one deployment per environment (POST {Route("Deployments", "/api/deployments")} with SpecificMachineIds); Hydra then upgrades them and the 2.6 server can no longer reach them",
                    ActionImpact.High)
                {
                    Details = wave.Select(t => new StepActionDetail(t.Name, "Upgrade Tentacle " + (t.TentacleVersion?.ToString() ?? "(version unknown)") + " to " + plan.Package.Version)).ToArray(),
                });
            }

            return actions;
        }

        private static async Task<OctopusRelease?> SetUpAsync(
            OctopusApiClient client, StepRunner runner, HydraUpgradePlan plan, StepConfirmation confirmed, OperationProgress activity, CancellationToken cancellationToken)
        {
            if (!confirmed.Includes(ProcessAction) || !confirmed.Includes(ReleaseAction))
            {
                return null;
            }

            if (!plan.PackageInFeed)
            {
                if (!confirmed.Includes(PackageAction))
                {
                    return null;
                }

                runner.Reporter.Progress(activity with { Status = "Uploading " + plan.Package.FileName });
                await ManualStep(() => client.Feeds.UploadAsync(plan.Package.FileName, File.ReadAllBytes(plan.Package.Path), cancellationToken), UploadByHand(plan.Package)).ConfigureAwait(false);
            }

            // The upload's own answer is not proof: the feed's index must list the version before a release can use it.
            if (!await client.Feeds.ContainsBuiltInPackageAsync(plan.Package.Identity, cancellationToken).ConfigureAwait(false))
            {
                throw new OctopusUpgradeException(
                    HydraErrorIds.ManualStepRequired,
                    FailureCategory.InvalidData,
                    $"The built-in feed does not list {plan.Package.Identity} after the upload. {UploadByHand(plan.Package)}",
                    plan.Package.Path);
            }

            runner.Reporter.Progress(activity with { Status = "Preparing the step template, lifecycle and project" });
            var template = plan.Template ?? await ManualStep(
                () => client.ActionTemplates.CreateAsync(HydraStepTemplate.Name, HydraStepTemplate.Description, HydraStepTemplate.ActionType, HydraStepTemplate.Properties, HydraStepTemplate.Parameters, cancellationToken),
                ImportTemplateByHand).ConfigureAwait(false);
            var lifecycle = plan.Lifecycle is null
                ? await ManualStep(() => client.Lifecycles.CreateAsync(HydraStepTemplate.LifecycleName, "Reaches every environment whose Tentacles Hydra upgrades. Created by OctopusUpgrade.", plan.EnvironmentIds, cancellationToken), CreateLifecycleByHand).ConfigureAwait(false)
                : plan.EnvironmentIds.Except(plan.Lifecycle.EnvironmentIds, StringComparer.OrdinalIgnoreCase).Any()
                    ? await client.Lifecycles.AddEnvironmentsAsync(plan.Lifecycle, plan.EnvironmentIds, cancellationToken).ConfigureAwait(false)
                    : plan.Lifecycle;
            var project = plan.Project ?? await client.Projects.CreateAsync(HydraStepTemplate.ProjectName, "Upgrades 2.6 Tentacles with Hydra. Created by OctopusUpgrade.", lifecycle.Id, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(project.LifecycleId, lifecycle.Id, StringComparison.OrdinalIgnoreCase))
            {
                project = await client.Projects.SetLifecycleAsync(project, lifecycle.Id, cancellationToken).ConfigureAwait(false);
            }

            var step = HydraStepTemplate.Step(template, plan.Roles, plan.Mapping);
            var process = await client.Projects.GetProcessAsync(project, cancellationToken).ConfigureAwait(false);
            if (!IsOnly(process, step))
            {
                await client.Projects.SaveProcessAsync(process, new[] { step }, cancellationToken).ConfigureAwait(false);
                runner.Reporter.Verbose($"The deployment process of '{project.Name}' is now one '{step.Name}' step with ServerMapping '{plan.Mapping.Text}'.");
            }

            var versions = new List<int>();
            await foreach (var existing in client.Projects.GetReleasesAsync(project, cancellationToken).ConfigureAwait(false))
            {
                var parts = existing.Version.Split('.');
                if (parts.Length == 3 && parts[0] == "1" && parts[1] == "0" && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
                {
                    versions.Add(patch);
                }
            }

            var version = "1.0." + ((versions.Count == 0 ? 0 : versions.Max()) + 1).ToString(CultureInfo.InvariantCulture);
            return await client.Projects.CreateReleaseAsync(
                project,
                version,
                $"Hydra {plan.Package.Version}, ServerMapping '{plan.Mapping.Text}'. Created by OctopusUpgrade.",
                new Dictionary<string, string>(StringComparer.Ordinal) { [step.Name] = plan.Package.Version },
                cancellationToken).ConfigureAwait(false);
        }

        // The process is already the one Hydra step with this template, roles and mapping: nothing to save.
        private static bool IsOnly(OctopusDeploymentProcess process, OctopusProcessStep wanted) =>
            process.Steps.Count == 1
            && process.Steps[0].Name == wanted.Name
            && process.Steps[0].ActionType == wanted.ActionType
            && process.Steps[0].Roles.OrderBy(r => r, StringComparer.OrdinalIgnoreCase).SequenceEqual(wanted.Roles.OrderBy(r => r, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase)
            && wanted.Properties.All(p => process.Steps[0].Properties.TryGetValue(p.Key, out var value) && value == p.Value);

        private static async Task<IReadOnlyList<TentacleUpgradeOutcome>> UpgradeWaveAsync(
            OctopusApiClient client, StepRunner runner, HydraUpgradeRequest request, OctopusRelease release, IReadOnlyList<TentacleTarget> wave, int number, CancellationToken cancellationToken)
        {
            var deployments = new List<(OctopusDeployment Deployment, IReadOnlyList<TentacleTarget> Machines)>();
            foreach (var group in wave.GroupBy(t => t.EnvironmentIds.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            {
                var deployment = await client.Deployments.CreateAsync(release.Id, group.Key, group.Select(t => t.Id).ToArray(), $"Hydra wave {number} (OctopusUpgrade)", cancellationToken).ConfigureAwait(false);
                runner.Reporter.Verbose($"Wave {number}: deployment {deployment.Id} (task {deployment.TaskId}) of release {release.Version} to {group.Count()} Tentacle(s) in {group.First().Environments.FirstOrDefault()}.");
                deployments.Add((deployment, group.ToList()));
            }

            var waiter = new OctopusTaskWaiter(client, timeProvider: runner.Clock) { ParentActivityId = ActivityId };
            var failures = new Dictionary<string, string>(StringComparer.Ordinal);
            var taskOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (deployment, machines) in deployments)
            {
                var finished = await waiter.WaitAsync(deployment.TaskId, request.Timeout, cancellationToken).ConfigureAwait(false);
                foreach (var machine in machines)
                {
                    taskOf[machine.Id] = finished.Id;
                }

                if (!finished.FinishedSuccessfully)
                {
                    var reason = await client.Tasks.GetFailureReasonAsync(finished, cancellationToken).ConfigureAwait(false);
                    foreach (var machine in machines)
                    {
                        failures[machine.Id] = $"The Hydra deployment (task {finished.Id}) ended {finished.StateName}: {reason}";
                    }
                }
            }

            // Scheduling Hydra is the deployment's success; the upgrade itself runs a minute later on each Tentacle.
            var pending = wave.Where(t => !failures.ContainsKey(t.Id)).ToList();
            var judged = new Dictionary<string, TentacleUpgradeOutcome>(StringComparer.Ordinal);
            var check = new TentacleHealthCheck(client, runner.Reporter, runner.Clock, legacy: true, ActivityId);
            for (var attempt = 0; attempt <= request.VerifyRetryCount && pending.Count > 0; attempt++)
            {
                await ClockDelay.WaitAsync(runner.Clock, attempt == 0 ? request.VerifyDelay : request.VerifyRetryInterval, cancellationToken).ConfigureAwait(false);
                await check.RunAsync(pending, everything: false, request.HealthCheckTimeout, cancellationToken).ConfigureAwait(false);
                var states = await check.ReadAsync(pending.ToDictionary(t => t.Id, StringComparer.Ordinal), readConnections: true, cancellationToken).ConfigureAwait(false);
                foreach (var target in pending)
                {
                    states.TryGetValue(target.Id, out var state);
                    judged[target.Id] = TentacleUpgradeVerification.Judge(target, state, expectReachable: false);
                }

                pending = pending.Where(t => !judged[t.Id].Upgraded).ToList();
            }

            var outcomes = new List<TentacleUpgradeOutcome>();
            foreach (var target in wave)
            {
                var outcome = failures.TryGetValue(target.Id, out var failure)
                    ? new TentacleUpgradeOutcome(target, target.TentacleVersion, null, false, failure)
                    : judged[target.Id];
                outcomes.Add(NotUpgraded(runner, outcome with { Wave = number, TaskId = taskOf[target.Id] }));
            }

            return outcomes;
        }

        // A machine that did not upgrade is an error for that machine, never a silent success.
        private static TentacleUpgradeOutcome NotUpgraded(StepRunner runner, TentacleUpgradeOutcome outcome)
        {
            if (!outcome.Upgraded && !outcome.Skipped)
            {
                runner.Reporter.Error(new OctopusUpgradeException(
                    HydraErrorIds.NotUpgraded,
                    FailureCategory.InvalidData,
                    $"'{outcome.Machine.Name}' did not upgrade with Hydra (wave {outcome.Wave}{(outcome.TaskId is null ? string.Empty : ", task " + outcome.TaskId)}): {outcome.Message}.",
                    outcome.Machine.Name));
            }

            return outcome;
        }

        private static async Task<T> ManualStep<T>(Func<Task<T>> call, string byHand)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (OctopusApiException missing) when (missing.ErrorId == OctopusApiErrorIds.LegacyRouteMissing)
            {
                throw new OctopusUpgradeException(HydraErrorIds.ManualStepRequired, FailureCategory.NotImplemented, missing.Message + " " + byHand, missing.RequestUri?.ToString(), missing);
            }
        }

        private static string UploadByHand(HydraPackage package) =>
            $"Upload {package.Path} by hand in the Octopus web portal (Library > Packages > Upload package), then run Invoke-HydraUpgrade again: it finds {package.Identity} in the feed and goes on.";

        private const string ImportTemplateByHand =
            "Import the step template '" + HydraStepTemplate.Name + "' by hand from the community library (library.octopus.com, Library > Step templates > Import), then run Invoke-HydraUpgrade again: it finds the template by name and goes on.";

        private const string CreateLifecycleByHand =
            "Create a lifecycle named '" + HydraStepTemplate.LifecycleName + "' by hand (Library > Lifecycles) with one phase whose optional environments are those of the Tentacles to upgrade, then run Invoke-HydraUpgrade again.";
    }
}
