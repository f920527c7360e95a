using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>
    /// <c>Enable-MaintenanceMode</c> and <c>Disable-MaintenanceMode</c>: planning reads the switch (or the named nodes)
    /// and the active tasks, and lists only what differs; executing sets it, reads it back, and with
    /// <see cref="MaintenanceModeRequest.WaitForTasks"/> waits for the tasks to drain. Enabling records the state it
    /// first found in the session, so disabling leaves on what was found on.
    /// </summary>
    public sealed class MaintenanceModeStep : Step<MaintenanceModeRequest, MaintenanceModePlan, MaintenanceModeOutcome>
    {
        public const string EnableStepName = "Enable-MaintenanceMode";

        public const string DisableStepName = "Disable-MaintenanceMode";

        public const string SwitchAction = "Switch";

        public const string WaitAction = "Wait";

        /// <summary>Cancelling what still runs at the timeout: High impact, optional (declined, the wait still runs).</summary>
        public const string CancelAction = "Cancel";

        public const int ActivityId = 4201;

        private readonly bool _turnOn;

        public MaintenanceModeStep(bool turnOn)
        {
            _turnOn = turnOn;
        }

        public override string Name => _turnOn ? EnableStepName : DisableStepName;

        private protected override async Task<StepPlan<MaintenanceModePlan>> PlanCoreAsync(StepRunner runner, MaintenanceModeRequest request, CancellationToken cancellationToken)
        {
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var root = await SessionApiClients.ReadRootAsync(client, runner.Session, cancellationToken).ConfigureAwait(false);

            var legacy = root.Version is { Major: < 3 };
            if (legacy && _turnOn)
            {
                runner.Reporter.Warning("On Octopus 2.x, maintenance mode can block even administrators' tasks (2.5 did): take the 2.6 backup and run Invoke-HydraUpgrade before turning it on.");
            }

            var actions = new List<StepAction>();
            var server = client.BaseAddress.ToString();
            MaintenanceModePlan plan;
            if (request.Nodes.Count > 0)
            {
                var nodes = await ReadNodesAsync(client, request.Nodes, cancellationToken).ConfigureAwait(false);
                plan = new MaintenanceModePlan(nodes.All(n => n.IsInMaintenanceMode), ChangeServer: false) { Nodes = nodes };
                foreach (var node in nodes.Where(n => n.IsInMaintenanceMode != _turnOn))
                {
                    actions.Add(new StepAction(
                        SwitchAction + ":" + node.Name,
                        node.Name,
                        $"{(_turnOn ? "Drain" : "Resume")} node '{node.Name}': PUT {NodeLink(node)} with IsInMaintenanceMode={Json(_turnOn)}",
                        ActionImpact.Medium));
                }
            }
            else
            {
                if (!root.Links.TryGetValue("MaintenanceConfiguration", out var link))
                {
                    throw new OctopusUpgradeException(
                        MaintenanceErrorIds.NotAvailable,
                        FailureCategory.NotImplemented,
                        $"The server at {server} (version {root.Version?.ToString() ?? "unknown"}) offers no maintenance switch in its API (its root has no MaintenanceConfiguration link). "
                        + $"Turn maintenance mode {(_turnOn ? "on" : "off")} by hand in the web portal (Configuration, Maintenance), then go on; nothing was changed.",
                        server);
                }

                var found = (await client.Maintenance.GetAsync(cancellationToken).ConfigureAwait(false)).IsInMaintenanceMode;
                var asFound = runner.Session.Facts.MaintenanceModeAsFound;
                if (_turnOn && asFound is null)
                {
                    runner.Learn(facts => facts with { MaintenanceModeAsFound = found });
                }

                var leaveOn = !_turnOn && found && asFound == true && !request.Force;
                plan = new MaintenanceModePlan(found, ChangeServer: found != _turnOn && !leaveOn) { LeftOnAsFound = leaveOn };
                if (leaveOn)
                {
                    runner.Reporter.Warning($"Maintenance mode was already on when this session first looked, so it stays on, as found. Add -Force to turn it off.");
                }
                else if (plan.ChangeServer)
                {
                    actions.Add(new StepAction(
                        SwitchAction,
                        server,
                        $"Turn maintenance mode {(_turnOn ? "on" : "off")}: PUT {link} with IsInMaintenanceMode={Json(_turnOn)}",
                        ActionImpact.Medium));
                }
                else
                {
                    runner.Reporter.Verbose($"Maintenance mode is already {(found ? "on" : "off")}; nothing to change.");
                }
            }

            if (request.WaitForTasks)
            {
                if (!await client.Tasks.CanListActiveAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new OctopusUpgradeException(
                        MaintenanceErrorIds.TasksNotListable,
                        FailureCategory.NotImplemented,
                        $"The server at {server} cannot list only its running tasks (its Tasks link takes neither 'states' nor 'active'), and reading its whole task history is not an option. "
                        + "Without -WaitForTasks nothing is waited for: watch the Tasks page in the web portal until no task is running or queued; nothing was changed.",
                        server);
                }

                var active = 0;
                await foreach (var task in client.Tasks.GetActiveAsync(acrossAllSpaces: true, cancellationToken).ConfigureAwait(false))
                {
                    active += request.Nodes.Count == 0 || request.Nodes.Contains(task.ServerNode ?? string.Empty, StringComparer.OrdinalIgnoreCase) ? 1 : 0;
                }

                plan = plan with { ActiveTasks = active };
                var tasksLink = root.Links.TryGetValue("Tasks", out var tasks) ? tasks : "/api/tasks";
                var whose = request.Nodes.Count == 0 ? "the server's" : "node " + string.Join(", ", request.Nodes) + "'s";
                actions.Add(new StepAction(
                    WaitAction,
                    server,
                    string.Format(CultureInfo.InvariantCulture, "Wait up to {0} for {1} {2} running or queued task(s) to finish: GET {3} every {4:0} s", request.Timeout, whose, active, tasksLink, request.PollInterval.TotalSeconds),
                    ActionImpact.Low));
                if (request.CancelRemainingTasks)
                {
                    actions.Add(new StepAction(
                        CancelAction,
                        server,
                        $"Cancel the tasks still running after {request.Timeout}: POST each task's Cancel link",
                        ActionImpact.High) { Optional = true });
                }
            }

            return new StepPlan<MaintenanceModePlan>(plan, actions);
        }

        private protected override async Task<MaintenanceModeOutcome> ExecuteCoreAsync(StepRunner runner, MaintenanceModeRequest request, StepPlan<MaintenanceModePlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var found = plan.Detail;
            var activity = new OperationProgress(ActivityId, Name, "Working");
            runner.Reporter.Progress(activity);
            try
            {
                var stage = new StepStage(Name, "Maintenance mode or a node's drain flag may have been changed; read it in the web portal (Configuration, Maintenance; Nodes)")
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["WasInMaintenanceMode"] = Json(found.WasInMaintenanceMode),
                        ["Nodes"] = string.Join(",", request.Nodes),
                    },
                };
                var outcome = await runner.RunStageAsync(
                    stage,
                    token => SwitchAsync(client, found, confirmed, token),
                    done => new StepReport
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["IsInMaintenanceMode"] = Json(done.IsInMaintenanceMode) },
                        Changes = Changes(found, done),
                    },
                    cancellationToken).ConfigureAwait(false);
                if (!request.WaitForTasks || !confirmed.Includes(WaitAction))
                {
                    return outcome;
                }

                var waitStage = new StepStage(Name + " -WaitForTasks", "Waited for tasks; some may have been cancelled")
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["Timeout"] = request.Timeout.ToString("c", CultureInfo.InvariantCulture) },
                };
                var cancel = request.CancelRemainingTasks && confirmed.Includes(CancelAction) ? request.CancelWait : (TimeSpan?)null;
                var drain = await runner.RunStageAsync(
                    waitStage,
                    token => new TaskDrain(client, runner.Reporter, runner.Clock).WaitAsync(request.Nodes, request.Timeout, request.PollInterval, cancel, ActivityId, token),
                    done => new StepReport
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["TasksWaitedFor"] = done.TasksWaitedFor.ToString(CultureInfo.InvariantCulture),
                            ["StillRunning"] = string.Join(", ", done.StillRunning),
                        },
                        Changes = done.CancelledTaskIds.Select(id => "Cancelled task " + id).ToArray(),
                        FailedItems = done.StillRunning.Count,
                    },
                    cancellationToken).ConfigureAwait(false);
                return outcome with { Drain = drain };
            }
            finally
            {
                runner.Reporter.Progress(activity with { Status = "Done", Completed = true });
            }
        }

        private async Task<MaintenanceModeOutcome> SwitchAsync(OctopusApiClient client, MaintenanceModePlan found, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            if (found.Nodes.Count > 0)
            {
                var changed = new List<string>();
                foreach (var node in found.Nodes.Where(n => n.IsInMaintenanceMode != _turnOn && confirmed.Includes(SwitchAction + ":" + n.Name)))
                {
                    await client.Nodes.SetMaintenanceModeAsync(node, _turnOn, cancellationToken).ConfigureAwait(false);
                    changed.Add(node.Name);
                }

                // Read back from the server's own list, not from the PUT's answer.
                var now = await ReadNodesAsync(client, found.Nodes.Select(n => n.Name).ToArray(), cancellationToken).ConfigureAwait(false);
                foreach (var node in now.Where(n => changed.Contains(n.Name, StringComparer.OrdinalIgnoreCase) && n.IsInMaintenanceMode != _turnOn))
                {
                    throw NotConfirmed(client, $"node '{node.Name}'");
                }

                return new MaintenanceModeOutcome { WasInMaintenanceMode = found.WasInMaintenanceMode, IsInMaintenanceMode = now.All(n => n.IsInMaintenanceMode), NodesChanged = changed };
            }

            if (found.ChangeServer && confirmed.Includes(SwitchAction))
            {
                await client.Maintenance.SetAsync(_turnOn, cancellationToken).ConfigureAwait(false);
            }

            var state = (await client.Maintenance.GetAsync(cancellationToken).ConfigureAwait(false)).IsInMaintenanceMode;
            if (found.ChangeServer && confirmed.Includes(SwitchAction) && state != _turnOn)
            {
                throw NotConfirmed(client, "the server");
            }

            return new MaintenanceModeOutcome { WasInMaintenanceMode = found.WasInMaintenanceMode, IsInMaintenanceMode = state };
        }

        private OctopusUpgradeException NotConfirmed(OctopusApiClient client, string what) =>
            new(
                MaintenanceErrorIds.NotConfirmed,
                FailureCategory.InvalidOperation,
                $"Maintenance mode was set {(_turnOn ? "on" : "off")} for {what}, but reading it back shows it {(_turnOn ? "off" : "on")}. Check Configuration, Maintenance (or Nodes) in the web portal.",
                client.BaseAddress.ToString());

        private static async Task<IReadOnlyList<OctopusServerNode>> ReadNodesAsync(OctopusApiClient client, IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            var all = new List<OctopusServerNode>();
            await foreach (var node in client.Nodes.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                all.Add(node);
            }

            var missing = names.Where(name => !all.Any(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase))).ToArray();
            if (missing.Length > 0)
            {
                throw new OctopusUpgradeException(
                    MaintenanceErrorIds.NodeNotFound,
                    FailureCategory.ObjectNotFound,
                    $"The server lists no node named {string.Join(", ", missing.Select(m => "'" + m + "'"))}; its nodes are {string.Join(", ", all.Select(n => n.Name))}. Nothing was changed.",
                    string.Join(",", missing));
            }

            return all.Where(n => names.Contains(n.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        }

        private IReadOnlyList<string> Changes(MaintenanceModePlan found, MaintenanceModeOutcome done) =>
            done.NodesChanged.Count > 0
                ? done.NodesChanged.Select(n => $"{(_turnOn ? "Drained" : "Resumed")} node '{n}'").ToArray()
                : found.ChangeServer && done.IsInMaintenanceMode == _turnOn
                    ? new[] { $"Turned maintenance mode {(_turnOn ? "on" : "off")}" }
                    : Array.Empty<string>();

        private static string NodeLink(OctopusServerNode node) =>
            node.Links.TryGetValue("Self", out var self) ? self : node.Links.TryGetValue("Node", out var link) ? link : "/api/octopusservernodes/" + node.Id;

        private static string Json(bool value) => value ? "true" : "false";
    }
}
