using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Plans a Deploy task from its deployment: the release's frozen process, the environment's targets in the steps' roles
    /// (narrowed by <c>SpecificMachineIds</c>/<c>ExcludedMachineIds</c>), one activity per target. Packages must be in the
    /// built-in feed's index. A Hydra step succeeds once it has scheduled the upgrade on the Tentacle, which then runs
    /// <see cref="TaskDurations.HydraScheduleDelaySeconds"/> later (<see cref="HydraSchedule"/>).
    /// </summary>
    internal static class DeployPlanner
    {
        private const string HydraPackageId = "OctopusDeploy.Hydra";

        public static List<TaskStep> Steps(Estate estate, ServerTask task)
        {
            var store = estate.Library;
            var deployment = store.Deployments.FirstOrDefault(d => ApiRequest.Same(DeploymentStore.Text(d, "Id"), DeploymentStore.Text(task.Arguments, "DeploymentId")));
            var release = deployment is null ? null : store.Releases.FirstOrDefault(r => DeploymentStore.Text(r, "Id") == DeploymentStore.Text(deployment, "ReleaseId"));
            if (deployment is null || release is null || !store.ProcessSnapshots.TryGetValue(DeploymentStore.Text(release, "ProjectDeploymentProcessSnapshotId"), out var steps))
            {
                return [Failure(task, "Deploy", "The deployment or its release no longer exists.")];
            }

            var spaceId = DeploymentStore.Text(deployment, "SpaceId");
            var environmentId = DeploymentStore.Text(deployment, "EnvironmentId");
            var actions = steps.OfType<JsonObject>()
                .SelectMany(step => (step["Actions"] as JsonArray ?? []).OfType<JsonObject>().Select(action => new PlannedAction(step, action, Roles(step, action))))
                .Where(a => a.Action["IsDisabled"]?.GetValue<bool>() != true)
                .ToList();

            foreach (var action in actions.Where(a => PackageId(a.Action).Length > 0))
            {
                var version = SelectedVersion(release, action);
                if (!estate.Feed.Index(spaceId).Any(p => ApiRequest.Same(p.PackageId, PackageId(action.Action)) && p.Version == version))
                {
                    return [Failure(task, "Acquire packages", "Package " + PackageId(action.Action) + " version " + version + " was not found in the built-in feed (feeds-builtin).")];
                }
            }

            var specific = DeploymentStore.Strings(deployment, "SpecificMachineIds");
            var excluded = DeploymentStore.Strings(deployment, "ExcludedMachineIds");
            var roles = actions.SelectMany(a => a.Roles).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var machines = estate.MachineList.Where(m =>
                    !m.IsWorker && m.SpaceId == spaceId && !m.IsDisabled && m.EnvironmentIds.Contains(environmentId)
                    && m.Roles.Exists(roles.Contains)
                    && (specific.Count == 0 || specific.Contains(m.Id, StringComparer.OrdinalIgnoreCase))
                    && !excluded.Contains(m.Id, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (machines.Count == 0)
            {
                return [Failure(task, "Deploy", "No deployment targets in " + environmentId + " have the roles " + string.Join(", ", roles) + ".")];
            }

            task.HeldMachineIds.UnionWith(machines.Select(m => m.Id));
            return machines.Select(m => MachineStep(estate, task, release, m, actions.Where(a => m.Roles.Exists(a.Roles.Contains)).ToList())).ToList();
        }

        private static TaskStep MachineStep(Estate estate, ServerTask task, JsonObject release, Machine machine, List<PlannedAction> actions)
        {
            var entry = TaskPlanner.Entry(task, machine.Name);
            var duration = TimeSpan.FromSeconds(estate.Durations.DeployPerMachineSeconds);
            if (Reachability.Problem(estate, machine) is { } problem)
            {
                return new TaskStep(entry, duration, "Failed", e => TaskPlanner.Finish(e, entry, "Failed", "Error", "Could not deploy to " + machine.Name + ". " + problem));
            }

            var hydra = actions.FirstOrDefault(IsHydra);
            return new TaskStep(entry, duration, "Success", e =>
            {
                foreach (var action in actions.Where(a => PackageId(a.Action).Length > 0))
                {
                    entry.Messages.Add((e.Clock.GetUtcNow(), "Info", "Deployed package " + PackageId(action.Action) + " " + SelectedVersion(release, action) + " to " + machine.Name + "."));
                }

                if (hydra is not null)
                {
                    var mapping = Property(hydra, "ServerMapping").Replace(" ", "", StringComparison.Ordinal);
                    machine.PendingHydra = new HydraUpgrade(e.Clock.GetUtcNow() + TimeSpan.FromSeconds(e.Durations.HydraScheduleDelaySeconds), SelectedVersion(release, hydra), mapping);
                    e.Library.HydraPending.Add(machine);
                    entry.Messages.Add((e.Clock.GetUtcNow(), "Info", "Hydra.exe --defer" + (mapping.Length == 0 ? "" : " --servers=" + mapping)
                        + ": scheduled the Tentacle upgrade to run in one minute as SYSTEM."));
                }

                TaskPlanner.Finish(e, entry, "Success", "Info", "Deployment to " + machine.Name + " succeeded.");
            });
        }

        // Hydra is the package OctopusDeploy.Hydra deployed by a step whose script runs Hydra.exe (the Library template's).
        private static bool IsHydra(PlannedAction action) =>
            ApiRequest.Same(PackageId(action.Action), HydraPackageId)
            && Property(action, "Octopus.Action.CustomScripts.PostDeploy.ps1").Contains("Hydra.exe", StringComparison.OrdinalIgnoreCase);

        private static string PackageId(JsonObject action) =>
            DeploymentStore.Text(action["Properties"], "Octopus.Action.Package.NuGetPackageId");

        // An action property, else the value its step template gives (a parameter's default).
        private static string Property(PlannedAction action, string name) =>
            DeploymentStore.Text(action.Action["Properties"], name) is { Length: > 0 } value ? value : DeploymentStore.Text(action.Step["Properties"], name);

        private static string SelectedVersion(JsonObject release, PlannedAction action) =>
            (release["SelectedPackages"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(p => ApiRequest.Same(DeploymentStore.Text(p, "StepName"), DeploymentStore.Text(action.Step, "Name"))
                            || ApiRequest.Same(DeploymentStore.Text(p, "ActionName"), DeploymentStore.Text(action.Action, "Name")))
                .Select(p => DeploymentStore.Text(p, "Version"))
                .FirstOrDefault() ?? "";

        // Roles are a step property (Octopus.Action.TargetRoles, comma-separated); an action may carry them too.
        private static HashSet<string> Roles(JsonObject step, JsonObject action) =>
            (DeploymentStore.Text(step["Properties"], "Octopus.Action.TargetRoles") + "," + DeploymentStore.Text(action["Properties"], "Octopus.Action.TargetRoles"))
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);

        private static TaskStep Failure(ServerTask task, string name, string message)
        {
            var entry = TaskPlanner.Entry(task, name);
            return new TaskStep(entry, TimeSpan.Zero, "Failed", e => TaskPlanner.Finish(e, entry, "Failed", "Error", message));
        }

        private sealed record PlannedAction(JsonObject Step, JsonObject Action, HashSet<string> Roles);
    }
}
