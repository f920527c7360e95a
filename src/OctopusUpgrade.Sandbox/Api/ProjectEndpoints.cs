using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Projects (<c>/api/projects</c>; get by id, slug or name), their deployment processes
    /// (<c>GET|PUT /api/deploymentprocesses/{id}</c>, version-checked) and releases (<c>POST /api/releases</c>, which freezes a
    /// snapshot of the process; <c>/api/releases/{id}</c>; <c>/api/projects/{id}/releases</c>). Shapes follow the 2018.3.6
    /// swagger without the fields that came after 2.6 (channels 3.2, tenants 3.4) on older servers.
    /// </summary>
    internal static class ProjectEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            DocumentRoutes.Map(app, estate, "projects", "Project", s => s.Projects, ProjectJson, "{?name,skip,ids,take,partialName}",
                (http, body, existing) => SaveProject(estate, ApiRequest.Space(http, estate), body, existing));
            DocumentRoutes.Map(app, estate, "deploymentprocesses", "DeploymentProcess", s => s.DeploymentProcesses, ProcessJson, "{?skip,take,ids}",
                (http, body, existing) => existing is null
                    ? DocumentRoutes.Saved.Invalid("A deployment process is created with its project.")
                    : SaveProcess(estate, body, existing));
            DocumentRoutes.Map(app, estate, "releases", "Release", s => s.Releases, ReleaseJson, "{?skip,ignoreChannelRules,take,ids}",
                (http, body, existing) => existing is null
                    ? CreateRelease(estate, http, body)
                    : DocumentRoutes.Saved.Invalid("A release's process snapshot cannot change; create a new release."));
            DocumentRoutes.MapChildren(app, estate, "projects", s => s.Projects, "releases", "Release", s => s.Releases, "ProjectId", ReleaseJson, "{/version}{?skip,take}");
        }

        private static JsonObject ProjectJson(JsonObject project, HttpContext http, Estate estate)
        {
            var scoped = ApiRequest.ScopedBase(http, estate);
            var id = DeploymentStore.Text(project, "Id");
            project["Links"] = new JsonObject
            {
                ["Self"] = scoped + "/projects/" + id,
                ["Releases"] = scoped + "/projects/" + id + "/releases{/version}{?skip,take}",
                ["DeploymentProcess"] = scoped + "/deploymentprocesses/" + DeploymentStore.Text(project, "DeploymentProcessId"),
                ["Variables"] = scoped + "/variables/" + DeploymentStore.Text(project, "VariableSetId"),
                ["Web"] = "/app#/projects/" + DeploymentStore.Text(project, "Slug"),
            };
            return project;
        }

        private static JsonObject ProcessJson(JsonObject process, HttpContext http, Estate estate)
        {
            var scoped = ApiRequest.ScopedBase(http, estate);
            process["Links"] = new JsonObject
            {
                ["Self"] = scoped + "/deploymentprocesses/" + DeploymentStore.Text(process, "Id"),
                ["Project"] = scoped + "/projects/" + DeploymentStore.Text(process, "ProjectId"),
                ["Template"] = scoped + "/deploymentprocesses/" + DeploymentStore.Text(process, "Id") + "/template{?channel,releaseId}",
            };
            return process;
        }

        private static JsonObject ReleaseJson(JsonObject release, HttpContext http, Estate estate)
        {
            var scoped = ApiRequest.ScopedBase(http, estate);
            var id = DeploymentStore.Text(release, "Id");
            if (!estate.Version.AtLeast(3, 2))
            {
                release.Remove("ChannelId");
            }

            release["Links"] = new JsonObject
            {
                ["Self"] = scoped + "/releases/" + id,
                ["Project"] = scoped + "/projects/" + DeploymentStore.Text(release, "ProjectId"),
                ["Deployments"] = scoped + "/releases/" + id + "/deployments{?skip,take}",
                ["Web"] = "/app#/releases/" + id,
            };
            return release;
        }

        /// <summary>A new or changed project of <paramref name="space"/> (with its empty process when new), as a POST or PUT saves it.</summary>
        internal static DocumentRoutes.Saved SaveProject(Estate estate, string space, JsonObject body, JsonObject? existing)
        {
            var store = estate.Library;
            var name = DeploymentStore.Text(body, "Name");
            var lifecycleId = DeploymentStore.Text(body, "LifecycleId");
            var groupId = DeploymentStore.Text(body, "ProjectGroupId") is { Length: > 0 } given ? given : DeploymentStore.Text(DeploymentStore.InSpace(store.ProjectGroups, space).First(), "Id");
            if (name.Length == 0)
            {
                return DocumentRoutes.Saved.Invalid("Please provide a name for the project.");
            }

            if (DeploymentStore.Find(store.Projects, space, name) is { } clash && clash != existing)
            {
                return DocumentRoutes.Saved.Invalid("A project with the name '" + name + "' already exists.");
            }

            if (DeploymentStore.Find(store.Lifecycles, space, lifecycleId) is null)
            {
                return DocumentRoutes.Saved.Invalid("Please select a lifecycle: '" + lifecycleId + "' is not a lifecycle on this server.");
            }

            if (DeploymentStore.Find(store.ProjectGroups, space, groupId) is null)
            {
                return DocumentRoutes.Saved.Invalid("'" + groupId + "' is not a project group on this server.");
            }

            var id = existing is null ? estate.NextId("Projects") : DeploymentStore.Text(existing, "Id");
            var processId = "deploymentprocess-" + id;
            if (existing is null)
            {
                store.DeploymentProcesses.Add(DeploymentStore.Stamp(estate, new JsonObject
                {
                    ["Id"] = processId,
                    ["ProjectId"] = id,
                    ["Steps"] = new JsonArray(),
                    ["Version"] = 0,
                    ["LastSnapshotId"] = null,
                    ["SpaceId"] = space,
                }));
            }

            return DocumentRoutes.Saved.Ok(DeploymentStore.Stamp(estate, new JsonObject
            {
                ["Id"] = id,
                ["VariableSetId"] = "variableset-" + id,
                ["DeploymentProcessId"] = processId,
                ["IncludedLibraryVariableSetIds"] = new JsonArray(),
                ["DefaultToSkipIfAlreadyInstalled"] = body["DefaultToSkipIfAlreadyInstalled"]?.GetValue<bool>() ?? false,
                ["Name"] = name,
                ["Slug"] = Slug(name),
                ["Description"] = DeploymentStore.Text(body, "Description"),
                ["IsDisabled"] = body["IsDisabled"]?.GetValue<bool>() ?? false,
                ["ProjectGroupId"] = groupId,
                ["LifecycleId"] = lifecycleId,
                ["AutoCreateRelease"] = false,
                ["SpaceId"] = space,
            }));
        }

        // Steps and actions get ids; names are required and step names unique; package steps name their package and
        // roles; a step from a template must name one that exists. The process version must be the one read (no lost update).
        private static DocumentRoutes.Saved SaveProcess(Estate estate, JsonObject body, JsonObject existing)
        {
            var version = existing["Version"]!.GetValue<int>();
            if (body["Version"] is JsonValue sent && sent.GetValue<int>() != version)
            {
                return DocumentRoutes.Saved.Invalid("The deployment process was changed by someone else (version " + version + "); get it again and reapply your change.");
            }

            var steps = body["Steps"]?.DeepClone() as JsonArray ?? [];
            var names = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var step in steps.OfType<JsonObject>())
            {
                var stepName = DeploymentStore.Text(step, "Name");
                if (stepName.Length == 0 || !names.Add(stepName))
                {
                    return DocumentRoutes.Saved.Invalid("Every step needs a name, unique in the process ('" + stepName + "').");
                }

                step["Id"] = DeploymentStore.Text(step, "Id") is { Length: > 0 } id ? id : Guid.NewGuid().ToString();
                step["Properties"] ??= new JsonObject();
                step["Condition"] ??= "Success";
                step["StartTrigger"] ??= "StartAfterPrevious";
                step["Actions"] ??= new JsonArray();
                foreach (var action in step["Actions"]!.AsArray().OfType<JsonObject>())
                {
                    action["Id"] = DeploymentStore.Text(action, "Id") is { Length: > 0 } actionId ? actionId : Guid.NewGuid().ToString();
                    action["Name"] = DeploymentStore.Text(action, "Name") is { Length: > 0 } actionName ? actionName : stepName;
                    action["Properties"] ??= new JsonObject();
                    if (ActionProblem(estate, step, action, DeploymentStore.Text(existing, "SpaceId")) is { } problem)
                    {
                        return DocumentRoutes.Saved.Invalid(problem);
                    }
                }
            }

            var saved = (JsonObject)existing.DeepClone();
            saved["Steps"] = steps;
            saved["Version"] = version + 1;
            return DocumentRoutes.Saved.Ok(DeploymentStore.Stamp(estate, saved));
        }

        private static string? ActionProblem(Estate estate, JsonObject step, JsonObject action, string space)
        {
            var name = DeploymentStore.Text(action, "Name");
            var templateId = DeploymentStore.Text(action["Properties"], "Octopus.Action.Template.Id");
            if (DeploymentStore.Text(action, "ActionType").Length == 0)
            {
                return "The step '" + name + "' needs an ActionType.";
            }

            if (templateId.Length > 0 && DeploymentStore.Find(estate.Library.ActionTemplates, space, templateId) is null)
            {
                return "The step '" + name + "' uses the step template '" + templateId + "', which does not exist.";
            }

            if (DeploymentStore.Text(action, "ActionType") != "Octopus.TentaclePackage")
            {
                return null;
            }

            if (DeploymentStore.Text(action["Properties"], "Octopus.Action.Package.NuGetPackageId").Length == 0)
            {
                return "The step '" + name + "' deploys a package: set Octopus.Action.Package.NuGetPackageId.";
            }

            return DeploymentStore.Text(step["Properties"], "Octopus.Action.TargetRoles").Length == 0
                   && DeploymentStore.Text(action["Properties"], "Octopus.Action.TargetRoles").Length == 0
                ? "The step '" + name + "' runs on deployment targets: set the roles it targets (Octopus.Action.TargetRoles)."
                : null;
        }

        private static DocumentRoutes.Saved CreateRelease(Estate estate, HttpContext http, JsonObject body)
        {
            var space = ApiRequest.Space(http, estate);
            var store = estate.Library;
            var version = DeploymentStore.Text(body, "Version");
            if (DeploymentStore.Find(store.Projects, space, DeploymentStore.Text(body, "ProjectId")) is not { } project)
            {
                return DocumentRoutes.Saved.Invalid("Please provide the ProjectId of an existing project.");
            }

            var projectId = DeploymentStore.Text(project, "Id");
            if (version.Length == 0 || !char.IsDigit(version[0]))
            {
                return DocumentRoutes.Saved.Invalid("'" + version + "' is not a valid release version.");
            }

            if (DeploymentStore.InSpace(store.Releases, space).Any(r => DeploymentStore.Text(r, "ProjectId") == projectId && DeploymentStore.Text(r, "Version") == version))
            {
                return DocumentRoutes.Saved.Invalid("A release with the version " + version + " already exists for this project.");
            }

            var process = store.DeploymentProcesses.First(p => DeploymentStore.Text(p, "Id") == DeploymentStore.Text(project, "DeploymentProcessId"));
            var selected = body["SelectedPackages"]?.DeepClone() as JsonArray ?? [];
            var packageSteps = (process["Steps"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(s => (s["Actions"] as JsonArray ?? []).OfType<JsonObject>().Any(a => DeploymentStore.Text(a["Properties"], "Octopus.Action.Package.NuGetPackageId").Length > 0));
            if (packageSteps.FirstOrDefault(s => !selected.OfType<JsonObject>().Any(p => ApiRequest.Same(DeploymentStore.Text(p, "StepName"), DeploymentStore.Text(s, "Name")) && DeploymentStore.Text(p, "Version").Length > 0)) is { } missing)
            {
                return DocumentRoutes.Saved.Invalid("Please select a package version for the step '" + DeploymentStore.Text(missing, "Name") + "'.");
            }

            var processVersion = process["Version"]!.GetValue<int>();
            var snapshotId = process["Id"]!.GetValue<string>() + "-s-" + processVersion + "-" + estate.NextId("snapshot").Split('-')[1];
            store.ProcessSnapshots[snapshotId] = (JsonArray)process["Steps"]!.DeepClone();
            process["LastSnapshotId"] = snapshotId;
            return DocumentRoutes.Saved.Ok(DeploymentStore.Stamp(estate, new JsonObject
            {
                ["Id"] = estate.NextId("Releases"),
                ["Assembled"] = OctopusFormats.Iso(estate.Clock.GetUtcNow()),
                ["ReleaseNotes"] = DeploymentStore.Text(body, "ReleaseNotes"),
                ["ProjectId"] = projectId,
                ["ChannelId"] = null,
                ["ProjectVariableSetSnapshotId"] = DeploymentStore.Text(project, "VariableSetId") + "-s-0-" + snapshotId.Split('-')[^1],
                ["LibraryVariableSetSnapshotIds"] = new JsonArray(),
                ["ProjectDeploymentProcessSnapshotId"] = snapshotId,
                ["SelectedPackages"] = selected,
                ["Version"] = version,
                ["SpaceId"] = space,
            }));
        }

        private static string Slug(string name) =>
            string.Join("-", name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
