using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.ServerNodes
{
    /// <summary>
    /// <c>Start-OctopusServerNode</c>, on the node's machine: start the service and wait until <c>/api</c> answers with
    /// the version installed there (<c>version --format=json</c>), lift the drain (<c>node --drain=false</c>), and
    /// recreate the watchdog Stop-OctopusServerNode deleted. Each part is checked from outside: the API's version and the
    /// node online; the API shows the node not draining; the configuration shows the watchdog.
    /// </summary>
    public sealed class StartOctopusServerNodeStep : Step<ServerNodeRequest, ServerNodePlan, ServerNodeOutcome>
    {
        public const string StepName = "Start-OctopusServerNode";

        public const string StartAction = "Start";

        public const string ResumeAction = "Resume";

        public const string CreateWatchdogAction = "CreateWatchdog";

        public const int ActivityId = 4501;

        public override string Name => StepName;

        private protected override async Task<StepPlan<ServerNodePlan>> PlanCoreAsync(StepRunner runner, ServerNodeRequest request, CancellationToken cancellationToken)
        {
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            var configuration = await machine.ReadConfigurationAsync(request.Timeout, cancellationToken).ConfigureAwait(false);
            var installed = await machine.ReadInstalledVersionAsync(request.Timeout, cancellationToken).ConfigureAwait(false);
            var remembered = ServerNodeMachine.Watchdog(configuration) is null ? runner.Session.Facts.RemovedWatchdog : null;
            var plan = new ServerNodePlan(ServerNodeMachine.NodeName(configuration, machine.InstanceName), remembered, installed);
            var instance = machine.InstanceName;
            var actions = new List<StepAction>
            {
                new(StartAction, plan.NodeName, $"Start the Octopus Server service of instance '{instance}' and wait up to {DurationText.Describe(request.Timeout)} for /api to answer with version {installed}: {machine.Describe(OctopusServerCommandLine.StartService(instance))}", ActionImpact.Medium),
                new(ResumeAction, plan.NodeName, $"Let node '{plan.NodeName}' take tasks again: {machine.Describe(OctopusServerCommandLine.ResumeNode(instance))}", ActionImpact.Medium),
            };
            if (remembered is not null)
            {
                actions.Add(new StepAction(
                    CreateWatchdogAction,
                    plan.NodeName,
                    $"Recreate the service watchdog Stop-OctopusServerNode deleted: {machine.Describe(OctopusServerCommandLine.CreateWatchdog(remembered.Instances, remembered.IntervalMinutes))}",
                    ActionImpact.Medium));
            }

            return new StepPlan<ServerNodePlan>(plan, actions);
        }

        private protected override async Task<ServerNodeOutcome> ExecuteCoreAsync(StepRunner runner, ServerNodeRequest request, StepPlan<ServerNodePlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var node = plan.Detail.NodeName;
            var expected = plan.Detail.InstalledVersion!;
            var outcome = new ServerNodeOutcome(node) { IsDrained = true };
            try
            {
                if (!confirmed.Includes(StartAction))
                {
                    return outcome with { IsDrained = false };
                }

                outcome = await runner.RunStageAsync(
                    ServerNodeMachine.Stage(StepName, node, string.Empty, "The Octopus Server service may be starting"),
                    token => StartAsync(machine, client, runner, request, node, expected, outcome, token),
                    done => ServerNodeMachine.Changed(node, $"Started the Octopus Server service of instance '{machine.InstanceName}' on node '{node}'; /api answers with {done.Version}"),
                    cancellationToken).ConfigureAwait(false);

                if (confirmed.Includes(ResumeAction))
                {
                    outcome = await runner.RunStageAsync(
                        ServerNodeMachine.Stage(StepName, node, " resume", "The node's drain may have been lifted"),
                        token => ResumeAsync(machine, client, request, node, outcome, token),
                        _ => ServerNodeMachine.Changed(node, $"Node '{node}' takes tasks again"),
                        cancellationToken).ConfigureAwait(false);
                }

                if (plan.Detail.Watchdog is { } watchdog && confirmed.Includes(CreateWatchdogAction))
                {
                    outcome = await runner.RunStageAsync(
                        ServerNodeMachine.Stage(StepName, node, " watchdog", "The service watchdog may have been recreated"),
                        token => CreateWatchdogAsync(machine, request, watchdog, outcome, token),
                        _ => ServerNodeMachine.Changed(node, $"Recreated the service watchdog (instances {watchdog.Instances}, every {watchdog.IntervalMinutes} min)"),
                        cancellationToken).ConfigureAwait(false);
                    runner.Learn(facts => facts with { RemovedWatchdog = null });
                }

                return outcome;
            }
            finally
            {
                machine.Report("Done", completed: true);
            }
        }

        private static async Task<ServerNodeOutcome> StartAsync(ServerNodeMachine machine, OctopusApiClient client, StepRunner runner, ServerNodeRequest request, string node, OctopusVersion expected, ServerNodeOutcome outcome, CancellationToken cancellationToken)
        {
            await machine.RunAsync(OctopusServerCommandLine.StartService(machine.InstanceName), request.Timeout, cancellationToken).ConfigureAwait(false);
            var (answered, state) = await machine.PollAsync(token => AnswersAsync(client, runner, node, expected, token), request.Timeout, request.PollInterval, cancellationToken).ConfigureAwait(false);
            if (!answered)
            {
                throw new OctopusUpgradeException(
                    ServerNodeErrorIds.NotStarted,
                    FailureCategory.OperationTimeout,
                    $"service --start ran, but after {DurationText.Describe(request.Timeout)} {state}. Read the server log (<home>\\Logs\\OctopusServer.txt) on the node: a database that was not upgraded, or a schema newer than the binaries, keeps it from starting.",
                    node);
            }

            return outcome with { IsRunning = true, Version = expected };
        }

        // Answers when /api reports the installed version and the cluster lists the node online, at that version where it says.
        private static async Task<(bool, string)> AnswersAsync(OctopusApiClient client, StepRunner runner, string node, OctopusVersion expected, CancellationToken cancellationToken)
        {
            try
            {
                var root = await SessionApiClients.ReadRootAsync(client, runner.Session, cancellationToken).ConfigureAwait(false);
                if (root.Version != expected)
                {
                    return (false, $"/api answers with version {root.Version?.ToString() ?? "(none)"}, not the installed {expected}");
                }

                var listed = await ServerNodeMachine.FindNodeAsync(client, node, cancellationToken).ConfigureAwait(false);
                return listed switch
                {
                    null => (false, $"the API lists no node named '{node}'"),
                    { IsOffline: true } => (false, $"the cluster still reports node '{node}' offline"),
                    { Version: { } running } when running != expected => (false, $"the cluster reports node '{node}' at version {running}, not {expected}"),
                    _ => (true, $"/api answers with {expected} and node '{node}' is online"),
                };
            }
            catch (OctopusApiException e) when (e.ErrorId is OctopusApiErrorIds.Unreachable or OctopusApiErrorIds.ServerError)
            {
                return (false, "/api does not answer yet (" + e.Message + ")");
            }
        }

        private static async Task<ServerNodeOutcome> ResumeAsync(ServerNodeMachine machine, OctopusApiClient client, ServerNodeRequest request, string node, ServerNodeOutcome outcome, CancellationToken cancellationToken)
        {
            await machine.RunAsync(OctopusServerCommandLine.ResumeNode(machine.InstanceName), request.Timeout, cancellationToken).ConfigureAwait(false);
            if (await ServerNodeMachine.FindNodeAsync(client, node, cancellationToken).ConfigureAwait(false) is not { IsInMaintenanceMode: false })
            {
                throw new OctopusUpgradeException(
                    ServerNodeErrorIds.NotResumed,
                    FailureCategory.InvalidOperation,
                    $"node --drain=false ran, but the API at {client.BaseAddress} does not show node '{node}' taking tasks. Lift the drain in the web portal (Configuration, Nodes).",
                    node);
            }

            return outcome with { IsDrained = false };
        }

        private static async Task<ServerNodeOutcome> CreateWatchdogAsync(ServerNodeMachine machine, ServerNodeRequest request, ServerWatchdog watchdog, ServerNodeOutcome outcome, CancellationToken cancellationToken)
        {
            await machine.RunAsync(OctopusServerCommandLine.CreateWatchdog(watchdog.Instances, watchdog.IntervalMinutes), request.Timeout, cancellationToken).ConfigureAwait(false);
            if (ServerNodeMachine.Watchdog(await machine.ReadConfigurationAsync(request.Timeout, cancellationToken).ConfigureAwait(false)) != watchdog)
            {
                throw new OctopusUpgradeException(
                    ServerNodeErrorIds.WatchdogNotChanged,
                    FailureCategory.InvalidOperation,
                    $"watchdog --create ran, but the instance's configuration does not show the watchdog for {watchdog.Instances} every {watchdog.IntervalMinutes} min. Create it by hand: {machine.Describe(OctopusServerCommandLine.CreateWatchdog(watchdog.Instances, watchdog.IntervalMinutes))}",
                    machine.InstanceName);
            }

            return outcome with { Watchdog = watchdog };
        }
    }
}
