using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary><c>/api/tasks</c>: list with filters, create (201), get, details, raw log, cancel.</summary>
    internal static class TaskEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            app.MapGet("/api/tasks", (HttpContext http) => ApiResponses.Json(estate.Read(() => List(http, estate))));
            app.MapPost("/api/tasks", ApiResponses.Async(http => Create(http, sandbox)));
            app.MapGet("/api/tasks/{id}", (string id) => WithTask(estate, id, t => ApiResponses.Json(TaskShape.For(t, estate))));
            app.MapGet("/api/tasks/{id}/details", (string id) => WithTask(estate, id, t => ApiResponses.Json(TaskShape.Details(t, estate))));
            app.MapGet("/api/tasks/{id}/raw", (string id) => WithTask(estate, id, t => Results.Text(TaskShape.Raw(t), "text/plain")));
            app.MapGet("/api/machines/{id}/tasks", (HttpContext http, string id) => estate.Read(() =>
                estate.MachineList.FirstOrDefault(m => !m.IsWorker && ApiRequest.Same(m.Id, id)) is { } machine
                    ? ApiResponses.Json(MachineTasks(http, estate, machine))
                    : ApiResponses.NotFoundError()));
            app.MapPost("/api/tasks/{id}/cancel", (string id) => WithTask(estate, id, t =>
            {
                sandbox.Queue.Cancel(t);
                return ApiResponses.Json(TaskShape.For(t, estate));
            }));
        }

        private static IResult WithTask(Estate estate, string id, System.Func<ServerTask, IResult> respond) =>
            estate.Read(() => estate.GetTask(id) is { } task ? respond(task) : ApiResponses.NotFoundError());

        private static JsonObject List(HttpContext http, Estate estate)
        {
            var states = ApiRequest.QueryList(http, "states");
            var name = ApiRequest.Query(http, "name");
            var node = ApiRequest.Query(http, "node");
            var ids = ApiRequest.QueryList(http, "ids");
            var active = ApiRequest.Query(http, "active") == "true";
            var running = ApiRequest.Query(http, "running") == "true";
            var spaces = ApiRequest.QueryList(http, "spaces");
            // System tasks (no space) stay in a spaces= filter when includeSystem=true, as TasksQuery defines it.
            var includeSystem = ApiRequest.Query(http, "includeSystem") == "true";
            var scoped = ApiRequest.IsScoped(http) ? ApiRequest.Space(http, estate) : null;
            // Newest first, as the server lists tasks.
            var tasks = estate.TaskList.AsEnumerable().Reverse().Where(t =>
                    (states.Count == 0 || states.Contains(t.State))
                    && (name is null || ApiRequest.Same(t.Name, name))
                    && (node is null || ApiRequest.Same(t.ServerNode ?? "", node))
                    && (ids.Count == 0 || ids.Contains(t.Id))
                    && (!active || !t.IsCompleted)
                    && (!running || t.State is TaskStates.Executing or TaskStates.Cancelling)
                    && (spaces.Count == 0 || (t.SpaceId is null ? includeSystem : spaces.Contains(t.SpaceId)))
                    && (scoped is null || t.SpaceId is null || t.SpaceId == scoped))
                .ToList();
            var collection = Paging.Collection(http, estate, "Task", tasks, t => TaskShape.For(t, estate), "/api/tasks",
                "/api/tasks{/id}{?skip,active,environment,tenant,project,name,node,running,states,hasPendingInterruptions,hasWarningsOrErrors,take,ids,partialName,spaces,includeSystem}");
            // TotalCounts (TaskResourceCollection) is in the modern client; the 2017 recording has none. 2019.1 is a guess.
            if (estate.Version.HasSpaces)
            {
                var counts = new JsonObject();
                foreach (var group in estate.TaskList.GroupBy(t => t.State))
                {
                    counts[group.Key] = group.Count();
                }

                collection["TotalCounts"] = counts;
            }

            return collection;
        }

        // Tasks that act on the machine (Health, Upgrade, UpdateCalamari, and the deployments that ran on it), newest first.
        private static JsonObject MachineTasks(HttpContext http, Estate estate, Machine machine)
        {
            var tasks = estate.TaskList.AsEnumerable().Reverse()
                .Where(t => (t.Name is "Health" or "Upgrade" or "UpdateCalamari" && MachineTargets.Resolve(estate, t).Contains(machine))
                            || t.HeldMachineIds.Contains(machine.Id))
                .ToList();
            var self = ApiRequest.ScopedBase(http, estate) + "/machines/" + machine.Id + "/tasks";
            return Paging.Collection(http, estate, "Task", tasks, t => TaskShape.For(t, estate), self,
                ApiRequest.ScopedBase(http, estate) + "/machines/{id}/tasks{?skip,take}");
        }

        private static async Task<IResult> Create(HttpContext http, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            var body = await ApiRequest.ReadBody(http).ConfigureAwait(false);
            var name = body?["Name"]?.GetValue<string>();
            if (body is null || string.IsNullOrEmpty(name))
            {
                return ApiResponses.Invalid("Please provide a task name.");
            }

            if (!TaskPlanner.IsKnown(estate, name))
            {
                return ApiResponses.Invalid("'" + name + "' is not a task this server can queue.");
            }

            var arguments = body["Arguments"] as JsonObject ?? new JsonObject();
            if (name == "Health" && estate.Version.IsLegacy2x && estate.Assumptions.LegacyHealthRejectsNewArguments
                && arguments.Select(a => a.Key).FirstOrDefault(k => k is "MachineIds" or "MachineTimeout") is { } newer)
            {
                return ApiResponses.Invalid("'" + newer + "' is not an argument of the Health task on this server; send Timeout and EnvironmentId only.");
            }

            var description = body["Description"]?.GetValue<string>() ?? name;
            // Backup and other system tasks belong to no space; everything else to the route's space on 2019.1+.
            var spaceId = estate.Version.HasSpaces && name is "Health" or "Upgrade" or "UpdateCalamari"
                ? body["SpaceId"]?.GetValue<string>() ?? ApiRequest.Space(http, estate)
                : null;
            var task = sandbox.Queue.Create(name, description, (JsonObject)arguments.DeepClone(), spaceId);
            return ApiResponses.Json(estate.Read(() => TaskShape.For(task, estate)), StatusCodes.Status201Created);
        }
    }
}
