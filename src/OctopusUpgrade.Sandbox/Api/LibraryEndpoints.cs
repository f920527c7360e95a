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
    /// Step templates (<c>/api/actiontemplates</c>), lifecycles (<c>/api/lifecycles</c>) and project groups: list (paged),
    /// <c>/all</c>, get by id or name, create (201), update. 2.x action templates have the shape of the Library's 2.6.5 export
    /// (<c>SensitiveProperties</c>, parameters without <c>Id</c>); later ones the 2018.3.6 swagger's. Lifecycles arrived with
    /// 2.6 (the Hydra docs have the 2.6 user create one), with phases of automatic and optional environments.
    /// </summary>
    internal static class LibraryEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            DocumentRoutes.Map(app, estate, "actiontemplates", "ActionTemplate", s => s.ActionTemplates, ActionTemplateJson, "{?skip,take,ids,partialName}",
                (http, body, existing) => SaveActionTemplate(estate, http, body, existing));
            DocumentRoutes.Map(app, estate, "lifecycles", "Lifecycle", s => s.Lifecycles, LifecycleJson, "{?skip,take,ids,partialName}",
                (http, body, existing) => SaveLifecycle(estate, http, body, existing));
            DocumentRoutes.Map(app, estate, "projectgroups", "ProjectGroup", s => s.ProjectGroups, (d, _, _) => d, "{?skip,take,ids,partialName}", null);
        }

        private static JsonObject ActionTemplateJson(JsonObject template, HttpContext http, Estate estate)
        {
            if (!estate.Version.IsLegacy2x)
            {
                template.Remove("SensitiveProperties");
                template["CommunityActionTemplateId"] = null;
                foreach (var parameter in (template["Parameters"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    parameter["Id"] ??= Guid.NewGuid().ToString();
                }
            }

            var self = ApiRequest.ScopedBase(http, estate) + "/actiontemplates/" + DeploymentStore.Text(template, "Id");
            template["Links"] = new JsonObject { ["Self"] = self, ["Usage"] = self + "/usage", ["Web"] = "/app#/library/step-templates/" + DeploymentStore.Text(template, "Id") };
            return template;
        }

        private static JsonObject LifecycleJson(JsonObject lifecycle, HttpContext http, Estate estate)
        {
            var self = ApiRequest.ScopedBase(http, estate) + "/lifecycles/" + DeploymentStore.Text(lifecycle, "Id");
            lifecycle["Links"] = new JsonObject { ["Self"] = self, ["Preview"] = self + "/preview", ["Projects"] = self + "/projects" };
            return lifecycle;
        }

        // A template's Version counts its saves, as the Library exports show (Hydra's is at 8).
        private static DocumentRoutes.Saved SaveActionTemplate(Estate estate, HttpContext http, JsonObject body, JsonObject? existing)
        {
            var name = DeploymentStore.Text(body, "Name");
            var actionType = DeploymentStore.Text(body, "ActionType");
            if (name.Length == 0 || actionType.Length == 0)
            {
                return DocumentRoutes.Saved.Invalid("Please provide a Name and an ActionType for the step template.");
            }

            var space = ApiRequest.Space(http, estate);
            if (DeploymentStore.Find(estate.Library.ActionTemplates, space, name) is { } clash && clash != existing)
            {
                return DocumentRoutes.Saved.Invalid("A step template with the name '" + name + "' already exists.");
            }

            var parameters = new JsonArray((body["Parameters"] as JsonArray ?? []).OfType<JsonObject>().Select(p => (JsonNode?)new JsonObject
            {
                ["Name"] = DeploymentStore.Text(p, "Name"),
                ["Label"] = DeploymentStore.Text(p, "Label"),
                ["HelpText"] = DeploymentStore.Text(p, "HelpText"),
                ["DefaultValue"] = p["DefaultValue"]?.DeepClone(),
                ["DisplaySettings"] = p["DisplaySettings"]?.DeepClone() ?? new JsonObject(),
            }).ToArray());
            if (parameters.OfType<JsonObject>().Any(p => DeploymentStore.Text(p, "Name").Length == 0))
            {
                return DocumentRoutes.Saved.Invalid("Every parameter of a step template needs a Name.");
            }

            return DocumentRoutes.Saved.Ok(DeploymentStore.Stamp(estate, new JsonObject
            {
                ["Id"] = existing is null ? estate.NextId("ActionTemplates") : DeploymentStore.Text(existing, "Id"),
                ["Name"] = name,
                ["Description"] = DeploymentStore.Text(body, "Description"),
                ["ActionType"] = actionType,
                ["Version"] = existing is null ? 1 : existing["Version"]!.GetValue<int>() + 1,
                ["Properties"] = body["Properties"]?.DeepClone() as JsonObject ?? new JsonObject(),
                ["SensitiveProperties"] = new JsonObject(),
                ["Parameters"] = parameters,
                ["SpaceId"] = space,
            }));
        }

        private static DocumentRoutes.Saved SaveLifecycle(Estate estate, HttpContext http, JsonObject body, JsonObject? existing)
        {
            var name = DeploymentStore.Text(body, "Name");
            var space = ApiRequest.Space(http, estate);
            if (name.Length == 0)
            {
                return DocumentRoutes.Saved.Invalid("Please provide a name for the lifecycle.");
            }

            if (DeploymentStore.Find(estate.Library.Lifecycles, space, name) is { } clash && clash != existing)
            {
                return DocumentRoutes.Saved.Invalid("A lifecycle with the name '" + name + "' already exists.");
            }

            var environments = estate.EnvironmentList.Where(e => e.SpaceId == space).Select(e => e.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var phases = new JsonArray();
            foreach (var phase in (body["Phases"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var automatic = DeploymentStore.Strings(phase, "AutomaticDeploymentTargets");
                var optional = DeploymentStore.Strings(phase, "OptionalDeploymentTargets");
                if (automatic.Concat(optional).FirstOrDefault(id => !environments.Contains(id)) is { } unknown)
                {
                    return DocumentRoutes.Saved.Invalid("The phase '" + DeploymentStore.Text(phase, "Name") + "' names the environment '" + unknown + "', which does not exist.");
                }

                var saved = new JsonObject
                {
                    ["Id"] = DeploymentStore.Text(phase, "Id") is { Length: > 0 } id ? id : Guid.NewGuid().ToString(),
                    ["Name"] = DeploymentStore.Text(phase, "Name"),
                    ["AutomaticDeploymentTargets"] = new JsonArray(automatic.Select(a => (JsonNode?)a).ToArray()),
                    ["OptionalDeploymentTargets"] = new JsonArray(optional.Select(a => (JsonNode?)a).ToArray()),
                    ["MinimumEnvironmentsBeforePromotion"] = phase["MinimumEnvironmentsBeforePromotion"]?.GetValue<int>() ?? 0,
                };
                if (!estate.Version.IsLegacy2x)
                {
                    saved["IsOptionalPhase"] = phase["IsOptionalPhase"]?.GetValue<bool>() ?? false;
                }

                saved["ReleaseRetentionPolicy"] = null;
                saved["TentacleRetentionPolicy"] = null;
                phases.Add(saved);
            }

            return DocumentRoutes.Saved.Ok(DeploymentStore.Stamp(estate, new JsonObject
            {
                ["Id"] = existing is null ? estate.NextId("Lifecycles") : DeploymentStore.Text(existing, "Id"),
                ["Name"] = name,
                ["Description"] = DeploymentStore.Text(body, "Description"),
                ["Phases"] = phases,
                ["ReleaseRetentionPolicy"] = body["ReleaseRetentionPolicy"]?.DeepClone() ?? DeploymentStore.KeepForever(),
                ["TentacleRetentionPolicy"] = body["TentacleRetentionPolicy"]?.DeepClone() ?? DeploymentStore.KeepForever(),
                ["SpaceId"] = space,
            }));
        }
    }
}
