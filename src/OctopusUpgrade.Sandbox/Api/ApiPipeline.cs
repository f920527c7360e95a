using System;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The request pipeline in front of <c>/api</c>, in the order a real server applies it: a stopped service drops the
    /// connection, a starting one answers 503; then injected faults; then the space in the route; then the API key; then
    /// maintenance-mode rules.
    /// </summary>
    internal static partial class ApiPipeline
    {
        public static void Use(WebApplication app, SandboxContext sandbox)
        {
            app.Use((http, next) => IsApi(http) ? ServiceGate(http, next, sandbox) : next(http));
            app.Use((http, next) => IsApi(http) ? FaultGate(http, next, sandbox.Faults) : next(http));
            app.Use((http, next) => IsApi(http) ? SpaceRoute(http, next, sandbox.Estate) : next(http));
            app.Use((http, next) => IsApi(http) ? Authenticate(http, next, sandbox.Estate) : next(http));
            app.Use((http, next) => IsApi(http) ? MaintenanceGate(http, next, sandbox.Estate) : next(http));
        }

        private static bool IsApi(HttpContext http) => !http.Request.Path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase);

        // A node's own URL is served by that node's service; the server URL by the load balancer, which needs any node.
        private static Task ServiceGate(HttpContext http, RequestDelegate next, SandboxContext sandbox)
        {
            var state = sandbox.NodeByPort.TryGetValue(http.Connection.LocalPort, out var node)
                ? sandbox.Estate.GetNode(node).Service.State
                : sandbox.Estate.ApiState;
            switch (state)
            {
                case ServiceState.Stopped:
                    // Nothing listens on a stopped Windows service's port; the nearest thing over a live socket is an abort.
                    http.Abort();
                    return Task.CompletedTask;
                case ServiceState.Starting:
                    return ApiResponses.WriteError(http, StatusCodes.Status503ServiceUnavailable, "Octopus Server is starting. Please try again shortly.");
                default:
                    return next(http);
            }
        }

        private static async Task FaultGate(HttpContext http, RequestDelegate next, SandboxFaults faults)
        {
            var path = http.Request.Path.Value ?? "/";
            var (latency, fault) = faults.Match(path);
            if (latency > TimeSpan.Zero)
            {
                await faults.HoldAsync(path, latency, http.RequestAborted).ConfigureAwait(false);
            }

            if (fault is null)
            {
                await next(http).ConfigureAwait(false);
            }
            else if (fault.StatusCode is { } status)
            {
                await ApiResponses.WriteError(http, status, status == StatusCodes.Status503ServiceUnavailable ? "The service is unavailable." : ApiResponses.BadRequest).ConfigureAwait(false);
            }
            else
            {
                http.Abort();
            }
        }

        // /api/Spaces-1/machines is /api/machines in Spaces-1; only servers with spaces know the scoped form.
        private static Task SpaceRoute(HttpContext http, RequestDelegate next, Estate estate)
        {
            var match = ScopedRoute().Match(http.Request.Path.Value ?? "");
            if (match.Success && estate.Version.HasSpaces)
            {
                var spaceId = match.Groups["space"].Value;
                if (!estate.Read(() => estate.SpaceList.Exists(s => string.Equals(s.Id, spaceId, StringComparison.OrdinalIgnoreCase))))
                {
                    return ApiResponses.WriteError(http, StatusCodes.Status404NotFound, ApiResponses.NotFound);
                }

                ApiRequest.SetSpace(http, estate.Read(() => estate.SpaceList.Find(s => string.Equals(s.Id, spaceId, StringComparison.OrdinalIgnoreCase))!.Id));
                http.Request.Path = "/api" + match.Groups["rest"].Value;
            }

            return next(http);
        }

        private static Task Authenticate(HttpContext http, RequestDelegate next, Estate estate)
        {
            // The three schemes swagger lists: the X-Octopus-ApiKey header, the ApiKey query and the X-NuGet-ApiKey header.
            var key = http.Request.Headers["X-Octopus-ApiKey"].ToString();
            if (key.Length == 0)
            {
                key = ApiRequest.Query(http, "apikey") ?? http.Request.Headers["X-NuGet-ApiKey"].ToString();
            }

            var isAdmin = key == estate.ApiKey;
            ApiRequest.SetAdmin(http, isAdmin);
            if (isAdmin || key == estate.NonAdminApiKey || IsAnonymous(http, estate))
            {
                return next(http);
            }

            return ApiResponses.WriteError(http, StatusCodes.Status401Unauthorized, ApiResponses.Unauthorized);
        }

        // GET /api is anonymous (Octopus's own upgrade script and DSC read it without a key); the probes are an assumption.
        private static bool IsAnonymous(HttpContext http, Estate estate)
        {
            var path = (http.Request.Path.Value ?? "").TrimEnd('/');
            return HttpMethods.IsGet(http.Request.Method)
                   && (path.Equals("/api", StringComparison.OrdinalIgnoreCase)
                       || (estate.Assumptions.ProbesAreAnonymous
                           && (path.Equals("/api/octopusservernodes/ping", StringComparison.OrdinalIgnoreCase)
                               || path.Equals("/api/serverstatus/health", StringComparison.OrdinalIgnoreCase))));
        }

        // Maintenance mode blocks every change by non-administrators; on 2.5 (and optionally later) also admin task creation.
        private static Task MaintenanceGate(HttpContext http, RequestDelegate next, Estate estate)
        {
            var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
            if (write && estate.IsInMaintenanceMode)
            {
                // A deployment queues a task too (Hydra runs as one), so the 2.5 rule blocks it as it blocks a backup.
                var path = (http.Request.Path.Value ?? "").TrimEnd('/');
                var isTaskCreation = HttpMethods.IsPost(http.Request.Method)
                                     && (path.Equals("/api/tasks", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/deployments", StringComparison.OrdinalIgnoreCase));
                var adminBlocked = isTaskCreation && (estate.Assumptions.MaintenanceBlocksAdminTasks ?? !estate.Version.AtLeast(2, 6));
                if (!ApiRequest.IsAdmin(http) || adminBlocked)
                {
                    return ApiResponses.WriteError(http, StatusCodes.Status403Forbidden, estate.Assumptions.MaintenanceModeMessage);
                }
            }

            return next(http);
        }

        [GeneratedRegex("^/api/(?<space>Spaces-[0-9]+)(?<rest>/.*)?$", RegexOptions.IgnoreCase)]
        private static partial Regex ScopedRoute();
    }
}
