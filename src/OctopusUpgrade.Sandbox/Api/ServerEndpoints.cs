using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Maintenance mode, HA nodes, server status and health, license, server folders.</summary>
    internal static class ServerEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            app.MapGet("/api/maintenanceconfiguration", () => ApiResponses.Guard(estate.Assumptions.MaintenanceConfigurationAvailable, () => Maintenance(estate)));
            app.MapPut("/api/maintenanceconfiguration", ApiResponses.Async(http =>
                ApiResponses.Guard(estate.Assumptions.MaintenanceConfigurationAvailable, () => AdminOnly(http, () => SetMaintenance(http, estate)))));
            MapNodes(app, sandbox);
            app.MapGet("/api/serverstatus", () => ApiResponses.Json(ServerStatus(estate)));
            app.MapGet("/api/serverstatus/health", () => estate.Version.AtLeast(ServerVersion.Parse(estate.Assumptions.ServerHealthSince)) ? Health(estate) : ApiResponses.NotFoundError());
            app.MapGet("/api/serverstatus/system-info", () => ApiResponses.Json(new JsonObject
            {
                ["Version"] = estate.Version.Text,
                ["OSVersion"] = "Microsoft Windows NT 10.0.17763.0",
                ["ThreadCount"] = Environment.ProcessorCount * 4,
                ["Uptime"] = "00:10:00",
            }));
            app.MapGet("/api/licenses/licenses-current", () => ApiResponses.Json(License(estate)));
            app.MapGet("/api/licenses/licenses-current-status", () => ApiResponses.Json(LicenseStatus(estate)));
            // The configuration section document; clients follow its Values link (as Octopus.Client does).
            app.MapGet("/api/configuration/server-folders", ApiResponses.Async(http => AdminOnly(http, () => Task.FromResult(ApiResponses.Json(new JsonObject
            {
                ["Id"] = "server-folders",
                ["Description"] = "Server folders",
                ["Links"] = new JsonObject
                {
                    ["Self"] = "/api/configuration/server-folders",
                    ["Values"] = "/api/configuration/server-folders/values",
                },
            })))));
            app.MapGet("/api/configuration/server-folders/values", ApiResponses.Async(http => AdminOnly(http, () => Task.FromResult(ApiResponses.Json(Folders(estate))))));
            app.MapGet("/api/upgradeconfiguration", () => ApiResponses.Json(new JsonObject
            {
                ["Id"] = "upgrades",
                ["NotificationMode"] = "AlwaysShow",
                ["AllowChecking"] = true,
                ["IncludeStatistics"] = true,
                ["Links"] = new JsonObject { ["Self"] = "/api/upgradeconfiguration" },
            }));
        }

        // HA, and with it the node API, arrived with 3.0; the version is checked per request.
        private static void MapNodes(IEndpointRouteBuilder routes, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            var app = routes.MapGroup("/api/octopusservernodes");
            app.AddEndpointFilter(async (context, next) => estate.Version.IsLegacy2x ? ApiResponses.NotFoundError() : await next(context).ConfigureAwait(false));
            app.MapGet("", (HttpContext http) => ApiResponses.Json(estate.Read(() =>
                Paging.Collection(http, estate, "OctopusServerNode", estate.NodeList, n => Node(n, estate), "/api/octopusservernodes", "/api/octopusservernodes{/id}{?skip,take,ids,partialName}"))));
            app.MapGet("/all", () => ApiResponses.Json(estate.Read(() =>
                new JsonArray(estate.NodeList.Select(n => (JsonNode?)Node(n, estate)).ToArray()))));
            app.MapGet("/summary", () => ApiResponses.Guard(HasNodeSummary(estate), () => estate.Read(() => new JsonObject
            {
                ["Nodes"] = new JsonArray(estate.NodeList.Select(n => (JsonNode?)NodeSummary(n, estate, sandbox.Queue)).ToArray()),
                ["Links"] = new JsonObject { ["Self"] = "/api/octopusservernodes/summary" },
            })));
            // Each node answers on its own URL (SandboxServer.NodeUrls); the server URL stands for the load balancer, which
            // hands the ping to the first node. An offline node does not answer at all.
            app.MapGet("/ping", (HttpContext http) => estate.Read(() =>
            {
                var node = sandbox.NodeByPort.TryGetValue(http.Connection.LocalPort, out var name) ? FindNode(estate, name)! : estate.NodeList[0];
                if (!node.IsReporting)
                {
                    http.Abort();
                    return Results.Empty;
                }

                return ApiResponses.Json(NodeSummary(node, estate, sandbox.Queue), node.IsInMaintenanceMode ? StatusCodes.Status418ImATeapot : StatusCodes.Status200OK);
            }));
            app.MapGet("/{id}", (string id) => ApiResponses.Found(estate.Read(() =>
                FindNode(estate, id) is { } n ? Node(n, estate) : null)));
            app.MapGet("/{id}/details", (string id) => ApiResponses.Guard(HasNodeSummary(estate), () => estate.Read(() =>
                FindNode(estate, id) is { } n
                    ? new JsonObject { ["RunningTasks"] = new JsonArray(estate.TaskList.Where(t => t.ServerNode == n.Name && !t.IsCompleted).Select(t => (JsonNode?)TaskShape.For(t, estate)).ToArray()) }
                    : null)));
            app.MapPut("/{id}", (HttpContext http, string id) => AdminOnly(http, () => UpdateNode(http, estate, id)));
        }

        private static Task<IResult> AdminOnly(HttpContext http, Func<Task<IResult>> respond) =>
            ApiRequest.IsAdmin(http) ? respond() : Task.FromResult(ApiResponses.Error(StatusCodes.Status403Forbidden, ApiResponses.Forbidden));

        private static JsonObject Maintenance(Estate estate) => new()
        {
            ["Id"] = "maintenance",
            ["IsInMaintenanceMode"] = estate.IsInMaintenanceMode,
            ["Links"] = new JsonObject { ["Self"] = "/api/maintenanceconfiguration" },
        };

        private static async Task<IResult> SetMaintenance(HttpContext http, Estate estate)
        {
            var body = await ApiRequest.ReadBody(http).ConfigureAwait(false);
            if (body?["IsInMaintenanceMode"] is not JsonValue value || !TryBool(value, out var on))
            {
                return ApiResponses.Invalid("IsInMaintenanceMode must be true or false.");
            }

            estate.IsInMaintenanceMode = on;
            return ApiResponses.Json(Maintenance(estate));
        }

        // The official sample sends IsInMaintenanceMode as the string "true"; the server binds it either way.
        private static bool TryBool(JsonValue value, out bool result)
        {
            if (value.TryGetValue(out result))
            {
                return true;
            }

            return value.TryGetValue<string>(out var text) && bool.TryParse(text, out result);
        }

        private static async Task<IResult> UpdateNode(HttpContext http, Estate estate, string id)
        {
            var body = await ApiRequest.ReadBody(http).ConfigureAwait(false);
            if (body is null)
            {
                return ApiResponses.Invalid("The request body must be an Octopus Server node resource.");
            }

            return estate.Read(() =>
            {
                if (FindNode(estate, id) is not { } node)
                {
                    return ApiResponses.NotFoundError();
                }

                if (body["IsInMaintenanceMode"] is JsonValue drain && TryBool(drain, out var draining))
                {
                    node.IsInMaintenanceMode = draining;
                }

                if (body["MaxConcurrentTasks"] is JsonValue cap && cap.TryGetValue<int>(out var tasks))
                {
                    node.MaxConcurrentTasks = tasks;
                }

                return ApiResponses.Json(Node(node, estate));
            });
        }

        private static ServerNode? FindNode(Estate estate, string id) =>
            estate.NodeList.FirstOrDefault(n => ApiRequest.Same(n.Id, id) || ApiRequest.Same(n.Name, id));

        private static bool HasNodeSummary(Estate estate) => estate.Version.AtLeast(ServerVersion.Parse(estate.Assumptions.NodeSummarySince));

        // The 2018.3.6 node resource carries live status (LastSeen, Rank, IsOffline); 2020.5's only configuration.
        private static JsonObject Node(ServerNode node, Estate estate)
        {
            var json = new JsonObject { ["Id"] = node.Id, ["Name"] = node.Name };
            if (!HasNodeSummary(estate))
            {
                json["LastSeen"] = OctopusFormats.Iso(node.LastSeen);
                json["Rank"] = node == estate.NodeList[0] ? "Leader" : "Follower";
                json["IsOffline"] = !node.IsReporting;
            }

            json["MaxConcurrentTasks"] = node.MaxConcurrentTasks;
            json["IsInMaintenanceMode"] = node.IsInMaintenanceMode;
            json["Links"] = new JsonObject { ["Self"] = "/api/octopusservernodes/" + node.Id };
            return json;
        }

        private static JsonObject NodeSummary(ServerNode node, Estate estate, TaskQueue queue) => new()
        {
            ["Id"] = node.Id,
            ["Name"] = node.Name,
            ["MaxConcurrentTasks"] = node.MaxConcurrentTasks,
            ["IsInMaintenanceMode"] = node.IsInMaintenanceMode,
            ["LastSeen"] = OctopusFormats.Iso(node.LastSeen),
            ["IsOffline"] = !node.IsReporting,
            ["RunningTaskCount"] = queue.RunningOn(node.Name),
            ["Version"] = node.Version,
            ["Links"] = new JsonObject { ["Self"] = "/api/octopusservernodes/" + node.Id, ["Node"] = "/api/octopusservernodes/" + node.Id },
        };

        private static JsonObject ServerStatus(Estate estate) => new()
        {
            ["IsDatabaseEncrypted"] = true,
            ["IsUpgradeAvailable"] = false,
            ["MaximumAvailableVersion"] = estate.Version.Text,
            ["MaximumAvailableVersionCoveredByLicense"] = estate.Version.Text,
            ["MaintenanceExpires"] = estate.License.ExpiryDate.ToString("M/d/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            ["IsInMaintenanceMode"] = estate.IsInMaintenanceMode,
            ["IsMajorMinorUpgrade"] = false,
            ["Links"] = new JsonObject
            {
                ["Self"] = "/api/serverstatus",
                ["Health"] = "/api/serverstatus/health",
                ["RecentLogs"] = "/api/serverstatus/logs{?skip,take,includeDetail}",
                ["SystemInfo"] = "/api/serverstatus/system-info",
                ["SystemReport"] = "/api/serverstatus/system-report",
                ["BuiltInFeedStats"] = estate.Version.HasSpaces ? "/api/feeds/stats" : "/api/serverstatus/nuget",
                ["GCCollect"] = "/api/serverstatus/gc-collect",
            },
        };

        private static IResult Health(Estate estate) => estate.Read(() =>
        {
            var online = estate.NodeList.Where(n => n.IsReporting).ToList();
            var draining = online.Count > 0 && online.All(n => n.IsInMaintenanceMode);
            var normal = !draining && !estate.IsInMaintenanceMode && estate.License.IsCompliant;
            var health = new JsonObject
            {
                ["IsOperatingNormally"] = normal,
                ["Description"] = normal ? "Octopus Server is operating normally." : "Octopus Server is not operating normally.",
                ["IsEntireClusterReadOnly"] = estate.IsInMaintenanceMode,
                ["IsEntireClusterDrainingTasks"] = draining,
                ["IsCompliantWithLicense"] = estate.License.IsCompliant,
                ["Links"] = new JsonObject { ["Self"] = "/api/serverstatus/health" },
            };
            return ApiResponses.Json(health, !normal && estate.Assumptions.HealthAnswers418WhenNotNormal ? StatusCodes.Status418ImATeapot : StatusCodes.Status200OK);
        });

        private static JsonObject License(Estate estate) => new()
        {
            ["Id"] = "licenses-current",
            ["LicenseText"] = "<License Signature=\"sandbox\"><LicensedTo>Sandbox</LicensedTo><SerialNumber>" + estate.License.SerialNumber + "</SerialNumber></License>",
            ["SerialNumber"] = estate.License.SerialNumber,
            ["Links"] = new JsonObject { ["Self"] = "/api/licenses/licenses-current" },
        };

        private static JsonObject LicenseStatus(Estate estate)
        {
            var license = estate.License;
            var days = (int)Math.Floor((license.ExpiryDate - estate.Clock.GetUtcNow()).TotalDays);
            return new JsonObject
            {
                ["IsCompliant"] = license.IsCompliant,
                ["ComplianceSummary"] = license.IsCompliant ? "Your Octopus Server is compliant with your license." : "Your Octopus Server is not compliant with your license.",
                ["EffectiveExpiryDate"] = OctopusFormats.Iso(license.ExpiryDate),
                ["DaysToEffectiveExpiryDate"] = days,
                ["DoesExpiryBlockKeyActivities"] = days < 0,
                ["EffectiveNodeTaskLimit"] = estate.NodeList.Max(n => n.MaxConcurrentTasks),
                ["EffectiveClusterTaskLimit"] = estate.NodeList.Sum(n => n.MaxConcurrentTasks),
                ["HostingEnvironment"] = "SelfHosted",
                ["IsTrial"] = license.IsTrial,
                ["Messages"] = new JsonArray(license.IsCompliant
                    ? []
                    : new JsonNode?[] { new JsonObject { ["Message"] = "The number of deployment targets exceeds the license limit.", ["Disposition"] = "Error" } }),
                ["Limits"] = new JsonArray(),
                ["PermissionsMode"] = "Unspecified",
                ["SerialNumber"] = license.SerialNumber,
                ["Links"] = new JsonObject { ["Self"] = "/api/licenses/licenses-current-status" },
            };
        }

        // UNCONFIRMED field list: Octopus's upgrade script reads the first three; a derived script the last two.
        private static JsonObject Folders(Estate estate) => new()
        {
            ["LogsDirectory"] = estate.Home.LogsDirectory,
            ["ArtifactsDirectory"] = estate.Home.ArtifactsDirectory,
            ["PackagesDirectory"] = estate.Home.PackagesRoot,
            ["TaskLogsDirectory"] = estate.Home.TaskLogsDirectory,
            ["EventExportsDirectory"] = estate.Home.EventExportsDirectory,
            ["TelemetryDirectory"] = estate.Home.TelemetryDirectory,
        };
    }
}
