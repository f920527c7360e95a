using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// <c>/sandbox/…</c>: the test harness's side door (never part of the Octopus API). Callers present the admin API key
    /// in <c>X-Octopus-ApiKey</c> or the control token in <c>X-Sandbox-Token</c>. It keeps working while the simulated
    /// service is stopped, since it stands for the machine, not for Octopus.
    /// </summary>
    internal static class ControlEndpoints
    {
        public const string TokenHeader = "X-Sandbox-Token";

        public static void Map(WebApplication app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            var faults = sandbox.Faults;
            app.Use((http, next) => !http.Request.Path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase) || Authorised(http, sandbox)
                ? next(http)
                : ApiResponses.WriteError(http, StatusCodes.Status401Unauthorized, ApiResponses.Unauthorized));

            app.MapGet("/sandbox/estate", () => ApiResponses.Json(Summary(estate, sandbox.Queue)));
            app.MapGet("/sandbox/service", () => ServiceState(estate));
            app.MapGet("/sandbox/master-key", () => ApiResponses.Json(new System.Text.Json.Nodes.JsonObject { ["MasterKey"] = estate.MasterKey }));
            app.MapGet("/sandbox/configuration", (HttpContext http) => Act(
                () => ApiRequest.Query(http, "node") is { } node ? estate.GetNode(node) : estate.Read(() => estate.NodeList[0]),
                node => InstanceConfiguration.For(estate, node, new Uri(http.Request.Scheme + "://" + http.Request.Host + "/"))));
            app.MapGet("/sandbox/nodes/{name}", (string name) => Act(() => estate.GetNode(name), node => NodeJson(estate, sandbox.Queue, node)));
            app.MapPost("/sandbox/nodes/{name}/service/{action}", (string name, string action) => Act(() => estate.GetNode(name), node =>
            {
                _ = action switch
                {
                    "stop" => faults.ServiceStopIgnored || node.Service.Stop(),
                    "start" => node.Service.Start(),
                    "restart" => Restarted(node.Service),
                    _ => throw new ArgumentException("The service action is stop, start or restart."),
                };
                return NodeJson(estate, sandbox.Queue, node);
            }));
            app.MapPost("/sandbox/nodes/{name}/watchdog", (HttpContext http, string name) => Act(() => estate.Update(() => estate.GetNode(name).Watchdog = new WatchdogTask(Text(http, "instances"), Number(http, "interval", 5)))));
            app.MapPost("/sandbox/nodes/{name}/database-upgrade", (HttpContext http, string name) => Act(
                () => estate.UpgradeDatabase(name, ApiRequest.Query(http, "skipLicenseCheck") == "true"),
                done => new JsonObject
                {
                    ["AlreadyCurrent"] = done.AlreadyCurrent,
                    ["Checks"] = new JsonArray(done.Checks.Select(c => (JsonNode?)new JsonObject { ["Passed"] = c.Passed, ["Text"] = c.Text }).ToArray()),
                    ["Scripts"] = new JsonArray(done.Scripts.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                }));
            app.MapPost("/sandbox/msi", (HttpContext http) => Act(() => SandboxMsi.Write(Text(http, "path"), Text(http, "version")), path => new JsonObject { ["Path"] = path }));
            app.MapGet("/sandbox/msi/{sha256}", (string sha256) => SandboxMsi.Find(sha256) is { } product
                ? ApiResponses.Json(new JsonObject { ["ProductName"] = product.ProductName, ["ProductVersion"] = product.ProductVersion, ["ProductCode"] = product.ProductCode, ["UpgradeCode"] = product.UpgradeCode })
                : ApiResponses.NotFoundError());
            app.MapPost("/sandbox/nodes/{name}/install", (HttpContext http, string name) => Act(() => estate.InstallOnNode(name, Text(http, "version"))));
            app.MapPost("/sandbox/nodes/{name}/uninstall", (string name) => Act(() => estate.UninstallFromNode(name)));
            app.MapDelete("/sandbox/nodes/{name}/watchdog", (string name) => Act(() => estate.Update(() => estate.GetNode(name).Watchdog = null)));
            app.MapPost("/sandbox/service/stop", () => { estate.Service.Stop(); return ServiceState(estate); });
            app.MapPost("/sandbox/service/start", () => { estate.Service.Start(); return ServiceState(estate); });
            app.MapPost("/sandbox/service/restart", () => { estate.Service.Restart(); return ServiceState(estate); });

            app.MapPost("/sandbox/faults/fail", (HttpContext http) => Act(() => faults.FailNext(Text(http, "route"), Number(http, "status", 503), Number(http, "count", 1))));
            app.MapPost("/sandbox/faults/drop", (HttpContext http) => Act(() => faults.DropNext(Text(http, "route"), Number(http, "count", 1))));
            app.MapPost("/sandbox/faults/latency", (HttpContext http) => Act(() => faults.AddLatency(Text(http, "route"), TimeSpan.FromMilliseconds(Number(http, "ms", 100)))));
            app.MapPost("/sandbox/faults/task", (HttpContext http) => Act(() =>
            {
                if (ApiRequest.Query(http, "state") == "Endless")
                {
                    faults.HangNextTask(Text(http, "name"));
                }
                else
                {
                    faults.FailNextTask(Text(http, "name"), ApiRequest.Query(http, "state") ?? TaskStates.Failed);
                }
            }));
            app.MapPost("/sandbox/faults/offline-during-health-check", (HttpContext http) => Act(() => faults.DropMachineDuringNextHealthCheck(Text(http, "machine"))));
            app.MapPost("/sandbox/faults/clear", () => Act(faults.Clear));

            app.MapPost("/sandbox/machines/{name}/offline", (string name) => Act(() => estate.TakeMachineOffline(name)));
            app.MapPost("/sandbox/machines/{name}/online", (string name) => Act(() => estate.BringMachineOnline(name)));
            app.MapPost("/sandbox/machines/{name}/hold", (HttpContext http, string name) => Act(() => estate.HoldForDeployment(name, ApiRequest.Query(http, "held") != "false")));
            app.MapPost("/sandbox/machines/{name}/lock", (HttpContext http, string name) => Act(() => estate.SetUpgradeLocked(name, ApiRequest.Query(http, "locked") != "false")));
            app.MapGet("/sandbox/machines/{name}", (string name) => Act(() => estate.GetMachine(name), m => TentacleJson(estate, m)));
            app.MapPost("/sandbox/server/comms-address", (HttpContext http) => Act(() => estate.ServerCommsAddress = Text(http, "address")));
            app.MapPost("/sandbox/machines/add", (HttpContext http) => Act(() => estate.AddMachines(Number(http, "count", 1), ApiRequest.Query(http, "tentacleVersion"))));
            app.MapPost("/sandbox/nodes/{name}/drain", (HttpContext http, string name) => Act(() => estate.DrainNode(name, ApiRequest.Query(http, "drain") != "false")));
            app.MapPost("/sandbox/nodes/{name}/tasks", (HttpContext http, string name) => Act(() =>
            {
                var node = estate.Read(() => estate.NodeList.Find(n => ApiRequest.Same(n.Name, name))) ?? throw new ArgumentException("No node named '" + name + "'.");
                sandbox.Queue.SeedRunning(node.Name, Number(http, "count", 1), ApiRequest.Query(http, "endless") == "true");
            }));
            app.MapPost("/sandbox/nodes/{name}/cancel-tasks", (string name) => Act(() => sandbox.Queue.CancelRunningOn(name)));
            app.MapPost("/sandbox/upgrade", (HttpContext http) => Act(() => estate.UpgradeServer(Text(http, "version"))));
            app.MapPost("/sandbox/feed/reindex", () => Act(() => estate.Feed.Reindex()));
            app.MapPost("/sandbox/caller", (HttpContext http) => Act(() => estate.CallerIsInteractive = ApiRequest.Query(http, "interactive") != "false"));
            app.MapPost("/sandbox/faults/service-stop-ignored", (HttpContext http) => Act(() => faults.ServiceStopIgnored = ApiRequest.Query(http, "on") != "false"));
            app.MapPost("/sandbox/faults/migrator-hang", (HttpContext http) => Act(() => faults.MigratorHangs = ApiRequest.Query(http, "on") != "false"));
            app.MapPost("/sandbox/faults/msiexec", (HttpContext http) => Act(() => faults.Msiexec = new MsiexecFault(Number(http, "exitCode", 0), ApiRequest.Query(http, "installs") != "false")));
            app.MapGet("/sandbox/msiexec", () => ApiResponses.Json(faults.Msiexec is { } fault ? new JsonObject { ["ExitCode"] = fault.ExitCode, ["Installs"] = fault.Installs } : new JsonObject { ["ExitCode"] = 0, ["Installs"] = true }));
            app.MapGet("/sandbox/migrator", () => ApiResponses.Json(new JsonObject { ["Hang"] = faults.MigratorHangs }));
            app.MapPost("/sandbox/migrator/import", ApiResponses.Async(async http =>
                await ApiRequest.ReadBody(http).ConfigureAwait(false) is { } backup
                    ? ApiResponses.Json(LegacyDataImport.Apply(estate, backup, ApiRequest.Query(http, "noOverwrite") == "true"))
                    : ApiResponses.Invalid("The request body must be the backup's contents as JSON.")));
            app.MapPost("/sandbox/license", (HttpContext http) => Act(() => estate.Update(() => estate.License.SerialNumber = Text(http, "serial"))));
            app.MapPost("/sandbox/maintenance", (HttpContext http) => Act(() => estate.IsInMaintenanceMode = ApiRequest.Query(http, "on") != "false"));
        }

        private static bool Authorised(HttpContext http, SandboxContext sandbox) =>
            http.Request.Headers["X-Octopus-ApiKey"].ToString() == sandbox.Estate.ApiKey
            || http.Request.Headers[TokenHeader].ToString() == sandbox.ControlToken;

        internal static IResult Act(Action action) => Act(() =>
        {
            action();
            return true;
        }, _ => new JsonObject { ["Ok"] = true });

        private static IResult Act<T>(Func<T> action, Func<T, JsonObject> respond)
        {
            try
            {
                return ApiResponses.Json(respond(action()));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or System.Collections.Generic.KeyNotFoundException or InvalidOperationException)
            {
                return ApiResponses.Invalid(e.Message);
            }
        }

        // What the machine itself would show (the service's account, the address a polling Tentacle polls, the Tentacle
        // binaries' version), which the Octopus API never reports for 2.x.
        private static JsonObject TentacleJson(Estate estate, Machine machine) => estate.Read(() => new JsonObject
        {
            ["Name"] = machine.Name,
            ["Id"] = machine.Id,
            ["TentacleVersion"] = machine.TentacleVersion,
            ["CommunicationStyle"] = machine.CommunicationStyle,
            ["PollingAddress"] = machine.PollingAddress,
            ["ServiceAccount"] = machine.ServiceAccount,
            ["IsOnline"] = machine.IsOnline,
            ["UpgradeLocked"] = machine.UpgradeLocked,
            ["HydraScheduledFor"] = machine.PendingHydra is { } pending ? OctopusFormats.Iso(pending.DueAt) : null,
        });

        private static bool Restarted(OctopusService service)
        {
            service.Restart();
            return true;
        }

        // What the node's own machine shows: the installed binaries, its service and its watchdog.
        private static JsonObject NodeJson(Estate estate, TaskQueue queue, ServerNode node) => estate.Read(() => new JsonObject
        {
            ["Name"] = node.Name,
            ["InstanceName"] = estate.InstanceName,
            ["InstalledVersion"] = node.Version,
            ["ServiceState"] = node.Service.State.ToString(),
            ["RunningTasks"] = queue.RunningOn(node.Name),
            ["WatchdogInstances"] = node.Watchdog?.Instances,
            ["WatchdogInterval"] = node.Watchdog?.IntervalMinutes,
            ["TimeScale"] = estate.Clock.Scale,
            ["HomePath"] = estate.HomePath,
        });

        private static IResult ServiceState(Estate estate) =>
            ApiResponses.Json(new JsonObject { ["State"] = estate.Service.State.ToString(), ["InstanceName"] = estate.InstanceName });

        // The node the stand-in CLI "runs on" is the first node.
        private static JsonObject Summary(Estate estate, TaskQueue queue) => estate.Read(() => new JsonObject
        {
            ["ServerVersion"] = estate.Version.Text,
            ["InstanceName"] = estate.InstanceName,
            ["NodeName"] = estate.NodeList[0].Name,
            ["NodeRunningTasks"] = queue.RunningOn(estate.NodeList[0].Name),
            ["TimeScale"] = estate.Clock.Scale,
            ["ServiceState"] = estate.Service.State.ToString(),
            ["ServiceStarts"] = estate.Service.Starts,
            ["IsInMaintenanceMode"] = estate.IsInMaintenanceMode,
            ["CallerIsInteractive"] = estate.CallerIsInteractive,
            ["ServiceHostExitCode"] = estate.Assumptions.ServiceHostExitCode,
            ["Machines"] = estate.MachineList.Count,
            ["Tasks"] = estate.TaskList.Count,
            ["IndexedPackages"] = estate.Feed.Index().Count,
            ["IsIndexing"] = estate.Feed.IsIndexing,
            ["SimulatedNow"] = OctopusFormats.Iso(estate.Clock.GetUtcNow()),
            ["HomePath"] = estate.HomePath,
        });

        private static string Text(HttpContext http, string name) =>
            ApiRequest.Query(http, name) ?? throw new ArgumentException("Missing query parameter '" + name + "'.");

        internal static int Number(HttpContext http, string name, int fallback) =>
            ApiRequest.Query(http, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
    }
}
