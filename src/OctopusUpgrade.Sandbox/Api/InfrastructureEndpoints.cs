using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary><c>/api</c>, spaces, environments, machines and workers.</summary>
    internal static class InfrastructureEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            // /api/Spaces-N arrives here with its space set: the space's own home document, not the server root.
            app.MapGet("/api", (HttpContext http) => ApiResponses.Json(ApiRequest.IsScoped(http)
                ? RootDocument.ForSpace(estate, ApiRequest.Space(http, estate))
                : RootDocument.For(estate)));

            app.MapGet("/api/spaces/all", () => ApiResponses.Guard(estate.Version.HasSpaces, () =>
                new JsonArray(estate.Read(() => estate.SpaceList.Select(s => (JsonNode?)SpaceJson(s, estate)).ToArray()))));
            app.MapGet("/api/spaces", (HttpContext http) => ApiResponses.Guard(estate.Version.HasSpaces, () => estate.Read(() =>
                Paging.Collection(http, estate, "Space", estate.SpaceList, s => SpaceJson(s, estate), "/api/spaces", "/api/spaces{/id}{?skip,ids,take,partialName}"))));
            app.MapGet("/api/spaces/{id}", (string id) => ApiResponses.Guard(estate.Version.HasSpaces, () =>
                estate.Read(() => estate.SpaceList.Find(s => ApiRequest.Same(s.Id, id)) is { } s ? SpaceJson(s, estate) : null)));

            app.MapGet("/api/environments", (HttpContext http) => ApiResponses.Json(estate.Read(() =>
                Paging.Collection(http, estate, "Environment", EnvironmentsIn(http, estate), e => EnvironmentJson(e, http, estate),
                    ApiRequest.ScopedBase(http, estate) + "/environments", ApiRequest.ScopedBase(http, estate) + "/environments{/id}{?name,skip,ids,take,partialName}"))));
            app.MapGet("/api/environments/all", (HttpContext http) => ApiResponses.Json(estate.Read(() =>
                new JsonArray(EnvironmentsIn(http, estate).Select(e => (JsonNode?)EnvironmentJson(e, http, estate)).ToArray()))));
            app.MapGet("/api/environments/{id}", (HttpContext http, string id) => ApiResponses.Found(estate.Read(() =>
                EnvironmentsIn(http, estate).FirstOrDefault(e => ApiRequest.Same(e.Id, id)) is { } e ? EnvironmentJson(e, http, estate) : null)));
            app.MapGet("/api/environments/{id}/machines", (HttpContext http, string id) => ApiResponses.Json(estate.Read(() =>
                MachineCollection(http, estate, MachinesIn(http, estate, workers: false).Where(m => m.EnvironmentIds.Contains(id)).ToList(), "machines"))));

            MapMachines(app, sandbox, "machines", workers: false);
            MapMachines(app, sandbox, "workers", workers: true);
        }

        private static void MapMachines(IEndpointRouteBuilder app, SandboxContext sandbox, string resource, bool workers)
        {
            var estate = sandbox.Estate;
            // Evaluated per request: an in-place upgrade can change the version under a running sandbox.
            bool Available() => !workers || estate.Version.AtLeast(ServerVersion.Parse(estate.Assumptions.WorkersSince));
            app.MapGet("/api/" + resource, (HttpContext http) => ApiResponses.Guard(Available(), () => estate.Read(() =>
                MachineCollection(http, estate, Filter(http, MachinesIn(http, estate, workers)), resource))));
            app.MapGet("/api/" + resource + "/all", (HttpContext http) => ApiResponses.Guard(Available(), () => estate.Read(() =>
                new JsonArray(MachinesIn(http, estate, workers).Select(m => (JsonNode?)MachineShape.For(m, estate, ApiRequest.ScopedBase(http, estate))).ToArray()))));
            app.MapGet("/api/" + resource + "/{id}", (HttpContext http, string id) => ApiResponses.Guard(Available(), () => estate.Read(() =>
                Find(http, estate, workers, id) is { } m ? MachineShape.For(m, estate, ApiRequest.ScopedBase(http, estate)) : null)));
            app.MapGet("/api/" + resource + "/{id}/connection", (HttpContext http, string id) => ApiResponses.Guard(Available(), () => estate.Read(() =>
                Find(http, estate, workers, id) is { } m ? MachineShape.Connection(m, estate) : null)));
            app.MapPut("/api/" + resource + "/{id}", (HttpContext http, string id) => ApiResponses.Guard(Available(), () => UpdateMachine(http, estate, workers, id)));
        }

        // Writable fields an upgrader uses: UpgradeLocked (the official lock/unlock sample) and IsDisabled.
        private static async Task<IResult> UpdateMachine(HttpContext http, Estate estate, bool workers, string id)
        {
            var body = await ApiRequest.ReadBody(http).ConfigureAwait(false);
            if (body is null)
            {
                return ApiResponses.Invalid("The request body must be a machine resource.");
            }

            return estate.Read(() =>
            {
                if (Find(http, estate, workers, id) is not { } machine)
                {
                    return ApiResponses.NotFoundError();
                }

                if (body["Endpoint"]?["TentacleVersionDetails"]?["UpgradeLocked"] is JsonValue locked)
                {
                    machine.UpgradeLocked = locked.GetValue<bool>();
                }

                if (body["IsDisabled"] is JsonValue disabled)
                {
                    machine.IsDisabled = disabled.GetValue<bool>();
                }

                return ApiResponses.Json(MachineShape.For(machine, estate, ApiRequest.ScopedBase(http, estate)));
            });
        }

        private static JsonObject MachineCollection(HttpContext http, Estate estate, IReadOnlyList<Machine> machines, string resource)
        {
            var scoped = ApiRequest.ScopedBase(http, estate);
            var itemType = resource == "workers" ? "Worker" : "Machine";
            return Paging.Collection(http, estate, itemType, machines, m => MachineShape.For(m, estate, scoped), scoped + "/" + resource,
                scoped + "/" + resource + "{/id}{?skip,take,name,ids,partialName,roles,isDisabled,healthStatuses,commStyles,environmentIds,thumbprint}");
        }

        private static List<Machine> Filter(HttpContext http, List<Machine> machines)
        {
            var name = ApiRequest.Query(http, "name");
            var partial = ApiRequest.Query(http, "partialName");
            var ids = ApiRequest.QueryList(http, "ids");
            var health = ApiRequest.QueryList(http, "healthStatuses");
            var environments = ApiRequest.QueryList(http, "environmentIds");
            var thumbprint = ApiRequest.Query(http, "thumbprint");
            var disabled = ApiRequest.Query(http, "isDisabled");
            return machines.Where(m =>
                    (name is null || ApiRequest.Same(m.Name, name))
                    && (partial is null || m.Name.Contains(partial, StringComparison.OrdinalIgnoreCase))
                    && (ids.Count == 0 || ids.Contains(m.Id))
                    && (health.Count == 0 || health.Contains(m.HealthStatus))
                    && (environments.Count == 0 || m.EnvironmentIds.Exists(environments.Contains))
                    && (thumbprint is null || ApiRequest.Same(m.Thumbprint, thumbprint))
                    && (disabled is null || m.IsDisabled.ToString().Equals(disabled, StringComparison.OrdinalIgnoreCase)))
                .ToList();
        }

        private static List<Machine> MachinesIn(HttpContext http, Estate estate, bool workers)
        {
            var space = ApiRequest.Space(http, estate);
            return estate.MachineList.Where(m => m.SpaceId == space && m.IsWorker == workers).ToList();
        }

        private static Machine? Find(HttpContext http, Estate estate, bool workers, string id) =>
            MachinesIn(http, estate, workers).FirstOrDefault(m => ApiRequest.Same(m.Id, id));

        private static List<DeploymentEnvironment> EnvironmentsIn(HttpContext http, Estate estate)
        {
            var space = ApiRequest.Space(http, estate);
            return estate.EnvironmentList.Where(e => e.SpaceId == space).ToList();
        }

        private static JsonObject SpaceJson(Space space, Estate estate) => new()
        {
            ["Id"] = space.Id,
            ["Name"] = space.Name,
            ["Description"] = null,
            ["IsDefault"] = space.IsDefault,
            ["TaskQueueStopped"] = space.TaskQueueStopped,
            ["SpaceManagersTeams"] = new JsonArray("teams-administrators", "teams-managers", "teams-spacemanagers-" + space.Id),
            ["SpaceManagersTeamMembers"] = new JsonArray("Users-1"),
            ["Links"] = new JsonObject
            {
                ["Self"] = "/api/spaces/" + space.Id,
                ["SpaceHome"] = "/api/" + space.Id,
                ["Web"] = "/app#/spaces/" + space.Id,
                ["Logo"] = "/api/spaces/" + space.Id + "/logo?cb=" + estate.Version.Text,
            },
        };

        private static JsonObject EnvironmentJson(DeploymentEnvironment environment, HttpContext http, Estate estate)
        {
            var self = ApiRequest.ScopedBase(http, estate) + "/environments/" + environment.Id;
            var json = new JsonObject
            {
                ["Id"] = environment.Id,
                ["Name"] = environment.Name,
                ["Description"] = "",
                ["SortOrder"] = environment.SortOrder,
                ["UseGuidedFailure"] = false,
            };
            if (estate.Version.IsLegacy2x)
            {
                json["LastModifiedOn"] = OctopusFormats.Iso(estate.CreatedAt);
                json["LastModifiedBy"] = "admin";
                json["Links"] = new JsonObject { ["Self"] = self, ["Machines"] = self + "/machines" };
                return json;
            }

            json["AllowDynamicInfrastructure"] = false;
            if (estate.Version.HasSpaces)
            {
                json["SpaceId"] = environment.SpaceId;
            }

            json["Links"] = new JsonObject
            {
                ["Self"] = self,
                ["Machines"] = self + "/machines{?skip,take,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags}",
                ["SinglyScopedVariableDetails"] = self + "/singlyScopedVariableDetails",
            };
            return json;
        }
    }
}
