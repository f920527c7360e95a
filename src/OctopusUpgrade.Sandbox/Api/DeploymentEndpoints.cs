using System;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// <c>POST /api/deployments</c> queues a <c>Deploy</c> task (<c>Arguments.DeploymentId</c>) for a release and environment
    /// the project's lifecycle reaches; <c>/api/deployments[/{id}]</c> and <c>/api/releases/{id}/deployments</c> list them.
    /// While the task executes, its targets are held: an Upgrade task waits for them.
    /// </summary>
    internal static class DeploymentEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            DocumentRoutes.Map(app, estate, "deployments", "Deployment", s => s.Deployments, DeploymentJson, "{?skip,take,ids,projects,environments,taskState}",
                (http, body, existing) => existing is null
                    ? Create(sandbox, http, body)
                    : DocumentRoutes.Saved.Invalid("A deployment cannot be changed; create a new one."));
            DocumentRoutes.MapChildren(app, estate, "releases", s => s.Releases, "deployments", "Deployment", s => s.Deployments, "ReleaseId", DeploymentJson, "{?skip,take}");
        }

        private static JsonObject DeploymentJson(JsonObject deployment, HttpContext http, Estate estate)
        {
            var scoped = ApiRequest.ScopedBase(http, estate);
            if (!estate.Version.AtLeast(3, 2))
            {
                deployment.Remove("ChannelId");
            }

            if (!estate.Version.AtLeast(3, 4))
            {
                deployment.Remove("TenantId");
            }

            deployment["Links"] = new JsonObject
            {
                ["Self"] = scoped + "/deployments/" + DeploymentStore.Text(deployment, "Id"),
                ["Release"] = scoped + "/releases/" + DeploymentStore.Text(deployment, "ReleaseId"),
                ["Environment"] = scoped + "/environments/" + DeploymentStore.Text(deployment, "EnvironmentId"),
                ["Project"] = scoped + "/projects/" + DeploymentStore.Text(deployment, "ProjectId"),
                ["Task"] = "/api/tasks/" + DeploymentStore.Text(deployment, "TaskId"),
                ["Web"] = "/app#/deployments/" + DeploymentStore.Text(deployment, "Id"),
            };
            return deployment;
        }

        private static DocumentRoutes.Saved Create(SandboxContext sandbox, HttpContext http, JsonObject body)
        {
            var estate = sandbox.Estate;
            var store = estate.Library;
            var space = ApiRequest.Space(http, estate);
            if (DeploymentStore.Find(store.Releases, space, DeploymentStore.Text(body, "ReleaseId")) is not { } release)
            {
                return DocumentRoutes.Saved.Invalid("Please provide the ReleaseId of an existing release.");
            }

            var environment = estate.EnvironmentList.FirstOrDefault(e => e.SpaceId == space && ApiRequest.Same(e.Id, DeploymentStore.Text(body, "EnvironmentId")));
            if (environment is null)
            {
                return DocumentRoutes.Saved.Invalid("Please provide the EnvironmentId of an existing environment.");
            }

            var project = store.Projects.First(p => DeploymentStore.Text(p, "Id") == DeploymentStore.Text(release, "ProjectId"));
            if (LifecycleProblem(estate, project, release, environment) is { } problem)
            {
                return DocumentRoutes.Saved.Invalid(problem);
            }

            var id = estate.NextId("Deployments");
            var name = "Deploy to " + environment.Name;
            var task = sandbox.Queue.Create("Deploy", "Deploy " + DeploymentStore.Text(project, "Name") + " release " + DeploymentStore.Text(release, "Version") + " to " + environment.Name,
                new JsonObject { ["DeploymentId"] = id }, estate.Version.HasSpaces ? space : null);
            return DocumentRoutes.Saved.Ok(DeploymentStore.Stamp(estate, new JsonObject
            {
                ["Id"] = id,
                ["ReleaseId"] = DeploymentStore.Text(release, "Id"),
                ["EnvironmentId"] = environment.Id,
                ["TenantId"] = null,
                ["ForcePackageDownload"] = body["ForcePackageDownload"]?.GetValue<bool>() ?? false,
                ["ForcePackageRedeployment"] = body["ForcePackageRedeployment"]?.GetValue<bool>() ?? false,
                ["SkipActions"] = body["SkipActions"]?.DeepClone() ?? new JsonArray(),
                ["SpecificMachineIds"] = body["SpecificMachineIds"]?.DeepClone() ?? new JsonArray(),
                ["ExcludedMachineIds"] = body["ExcludedMachineIds"]?.DeepClone() ?? new JsonArray(),
                ["ManifestVariableSetId"] = "variableset-" + id,
                ["TaskId"] = task.Id,
                ["ProjectId"] = DeploymentStore.Text(project, "Id"),
                ["ChannelId"] = null,
                ["UseGuidedFailure"] = body["UseGuidedFailure"]?.GetValue<bool>() ?? false,
                ["Comments"] = DeploymentStore.Text(body, "Comments"),
                ["FormValues"] = body["FormValues"]?.DeepClone() ?? new JsonObject(),
                ["Name"] = name,
                ["Created"] = OctopusFormats.Iso(estate.Clock.GetUtcNow()),
                ["SpaceId"] = space,
            }));
        }

        // An empty lifecycle reaches every environment. Otherwise the environment must be in a phase, and each earlier
        // required phase must have had a successful deployment of this release (a simplification of the promotion rules).
        private static string? LifecycleProblem(Estate estate, JsonObject project, JsonObject release, DeploymentEnvironment environment)
        {
            var lifecycle = estate.Library.Lifecycles.First(l => DeploymentStore.Text(l, "Id") == DeploymentStore.Text(project, "LifecycleId"));
            var phases = (lifecycle["Phases"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (phases.Count == 0)
            {
                return null;
            }

            var index = phases.FindIndex(p => DeploymentStore.Strings(p, "AutomaticDeploymentTargets").Concat(DeploymentStore.Strings(p, "OptionalDeploymentTargets")).Contains(environment.Id, StringComparer.OrdinalIgnoreCase));
            if (index < 0)
            {
                return "The lifecycle '" + DeploymentStore.Text(lifecycle, "Name") + "' of this project does not include the environment " + environment.Name + ".";
            }

            var succeeded = estate.Library.Deployments
                .Where(d => DeploymentStore.Text(d, "ReleaseId") == DeploymentStore.Text(release, "Id")
                            && estate.GetTask(DeploymentStore.Text(d, "TaskId"))?.State == TaskStates.Success)
                .Select(d => DeploymentStore.Text(d, "EnvironmentId"))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var blocking = phases.Take(index).FirstOrDefault(p => p["IsOptionalPhase"]?.GetValue<bool>() != true
                && !DeploymentStore.Strings(p, "AutomaticDeploymentTargets").Concat(DeploymentStore.Strings(p, "OptionalDeploymentTargets")).Any(succeeded.Contains));
            return blocking is null ? null : "Release " + DeploymentStore.Text(release, "Version") + " must first be deployed to the phase '" + DeploymentStore.Text(blocking, "Name") + "'.";
        }
    }
}
