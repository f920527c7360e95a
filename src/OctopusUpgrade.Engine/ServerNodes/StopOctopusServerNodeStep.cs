using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.ServerNodes
{
    /// <summary>
    /// <c>Stop-OctopusServerNode</c>, on the node's machine: drain (<c>node --drain=true --wait</c>), delete the service
    /// watchdog if there is one (remembered in the session's facts first, so Start-OctopusServerNode recreates it), and
    /// stop the service. Each part is checked from outside: the API shows the node draining; the configuration shows no
    /// watchdog; the node stops answering (its own URL) or the cluster reports it offline.
    /// </summary>
    public sealed class StopOctopusServerNodeStep : Step<ServerNodeRequest, ServerNodePlan, ServerNodeOutcome>
    {
        public const string StepName = "Stop-OctopusServerNode";

        public const string DrainAction = "Drain";

        public const string DeleteWatchdogAction = "DeleteWatchdog";

        public const string StopAction = "Stop";

        public const int ActivityId = 4500;

        public override string Name => StepName;

        private protected override async Task<StepPlan<ServerNodePlan>> PlanCoreAsync(StepRunner runner, ServerNodeRequest request, CancellationToken cancellationToken)
        {
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            var configuration = await machine.ReadConfigurationAsync(request.Timeout, cancellationToken).ConfigureAwait(false);
            var plan = new ServerNodePlan(ServerNodeMachine.NodeName(configuration, machine.InstanceName), ServerNodeMachine.Watchdog(configuration), InstalledVersion: null);
            var instance = machine.InstanceName;
            var actions = new List<StepAction>
            {
                new(DrainAction, plan.NodeName, $"Drain node '{plan.NodeName}' and wait up to {Seconds(request.DrainWait)} s for its tasks: {machine.Describe(OctopusServerCommandLine.DrainNode(instance, request.DrainWait))}", ActionImpact.Medium),
            };
            if (plan.Watchdog is { } watchdog)
            {
                actions.Add(new StepAction(
                    DeleteWatchdogAction,
                    plan.NodeName,
                    $"Delete the service watchdog (instances {watchdog.Instances}, every {watchdog.IntervalMinutes} min), remembered for Start-OctopusServerNode: {machine.Describe(OctopusServerCommandLine.DeleteWatchdog())}",
                    ActionImpact.Medium));
            }

            actions.Add(new StepAction(StopAction, plan.NodeName, $"Stop the Octopus Server service of instance '{instance}': {machine.Describe(OctopusServerCommandLine.StopService(instance))}", ActionImpact.High));
            return new StepPlan<ServerNodePlan>(plan, actions);
        }

        private protected override async Task<ServerNodeOutcome> ExecuteCoreAsync(StepRunner runner, ServerNodeRequest request, StepPlan<ServerNodePlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var node = plan.Detail.NodeName;
            var outcome = new ServerNodeOutcome(node);
            try
            {
                if (confirmed.Includes(DrainAction))
                {
                    outcome = await runner.RunStageAsync(
                        ServerNodeMachine.Stage(StepName, node, " drain", "The node may be draining; resume it with Start-OctopusServerNode or node --drain=false"),
                        token => DrainAsync(machine, client, request, node, outcome, token),
                        _ => ServerNodeMachine.Changed(node, "Drained node '" + node + "'"),
                        cancellationToken).ConfigureAwait(false);
                }

                if (plan.Detail.Watchdog is { } watchdog && confirmed.Includes(DeleteWatchdogAction))
                {
                    // Remembered before it is deleted: a run that dies after the delete still knows what to recreate.
                    runner.Learn(facts => facts with { RemovedWatchdog = watchdog });
                    outcome = await runner.RunStageAsync(
                        ServerNodeMachine.Stage(StepName, node, " watchdog", "The service watchdog may have been deleted; the session's facts hold how to recreate it"),
                        token => DeleteWatchdogAsync(machine, request, watchdog, outcome, token),
                        _ => ServerNodeMachine.Changed(node, $"Deleted the service watchdog (instances {watchdog.Instances}, every {watchdog.IntervalMinutes} min)"),
                        cancellationToken).ConfigureAwait(false);
                }

                if (!confirmed.Includes(StopAction))
                {
                    return outcome;
                }

                return await runner.RunStageAsync(
                    ServerNodeMachine.Stage(StepName, node, string.Empty, "The Octopus Server service may have stopped; start it with Start-OctopusServerNode"),
                    token => StopAsync(machine, client, request, node, outcome, token),
                    _ => ServerNodeMachine.Changed(node, $"Stopped the Octopus Server service of instance '{machine.InstanceName}' on node '{node}'"),
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                machine.Report("Done", completed: true);
            }
        }

        private static async Task<ServerNodeOutcome> DrainAsync(ServerNodeMachine machine, OctopusApiClient client, ServerNodeRequest request, string node, ServerNodeOutcome outcome, CancellationToken cancellationToken)
        {
            await machine.RunAsync(OctopusServerCommandLine.DrainNode(machine.InstanceName, request.DrainWait), request.DrainWait + request.Timeout, cancellationToken).ConfigureAwait(false);
            var listed = await ServerNodeMachine.FindNodeAsync(client, node, cancellationToken).ConfigureAwait(false);
            if (listed is not { IsInMaintenanceMode: true })
            {
                throw new OctopusUpgradeException(
                    ServerNodeErrorIds.NotDrained,
                    FailureCategory.InvalidOperation,
                    listed is null
                        ? $"node --drain=true ran, but the API at {client.BaseAddress} lists no node named '{node}'. Check the session's -Server (the node's own URL or the cluster's) and the node's name; the service was not stopped."
                        : $"node --drain=true ran, but the API at {client.BaseAddress} does not show node '{node}' draining. The service was not stopped; drain the node in the web portal (Configuration, Nodes) and run Stop-OctopusServerNode again.",
                    node);
            }

            if (listed.RunningTaskCount is > 0)
            {
                machine.Warn($"Node '{node}' still runs {listed.RunningTaskCount} task(s) after waiting {Seconds(request.DrainWait)} s; stopping the service interrupts them.");
            }

            return outcome with { IsDrained = true };
        }

        private static async Task<ServerNodeOutcome> DeleteWatchdogAsync(ServerNodeMachine machine, ServerNodeRequest request, ServerWatchdog watchdog, ServerNodeOutcome outcome, CancellationToken cancellationToken)
        {
            await machine.RunAsync(OctopusServerCommandLine.DeleteWatchdog(), request.Timeout, cancellationToken).ConfigureAwait(false);
            if (ServerNodeMachine.Watchdog(await machine.ReadConfigurationAsync(request.Timeout, cancellationToken).ConfigureAwait(false)) is not null)
            {
                throw new OctopusUpgradeException(
                    ServerNodeErrorIds.WatchdogNotChanged,
                    FailureCategory.InvalidOperation,
                    "watchdog --delete ran, but the instance's configuration still shows the watchdog enabled. It would restart the service; the service was not stopped. Remove the watchdog's scheduled task by hand and run Stop-OctopusServerNode again.",
                    machine.InstanceName);
            }

            return outcome with { Watchdog = watchdog };
        }

        private static async Task<ServerNodeOutcome> StopAsync(ServerNodeMachine machine, OctopusApiClient client, ServerNodeRequest request, string node, ServerNodeOutcome outcome, CancellationToken cancellationToken)
        {
            await machine.RunAsync(OctopusServerCommandLine.StopService(machine.InstanceName), request.Timeout, cancellationToken).ConfigureAwait(false);
            var (stopped, state) = await machine.PollAsync(token => ServerNodeMachine.StoppedAsync(client, node, token), request.Timeout, request.PollInterval, cancellationToken).ConfigureAwait(false);
            if (!stopped)
            {
                throw new OctopusUpgradeException(
                    ServerNodeErrorIds.NotStopped,
                    FailureCategory.OperationTimeout,
                    $"service --stop ran, but after {DurationText.Describe(request.Timeout)} {state}. Check the service on the node (Get-Service) and that no watchdog or other tool restarts it.",
                    node);
            }

            return outcome with { IsRunning = false };
        }

        private static string Seconds(TimeSpan wait) => Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
