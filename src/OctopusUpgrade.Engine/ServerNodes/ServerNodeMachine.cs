using System;
using System.Collections.Generic;
using System.Linq;
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
    /// The node's machine as the steps reach it: its <c>Octopus.Server.exe</c> (output streamed as progress), what that
    /// reports (configuration, installed version), and the API's view of the node, polled on the session's clock.
    /// </summary>
    internal sealed class ServerNodeMachine
    {
        private readonly StepRunner _runner;
        private readonly OctopusToolRunner _tool;
        private readonly string _installPath;
        private readonly OperationProgress _activity;

        private ServerNodeMachine(StepRunner runner, string installPath, OperationProgress activity)
        {
            _runner = runner;
            _installPath = installPath;
            _activity = activity;
            // A tool runs in real time, so its timeout is on the system clock, as every tool run's is.
            _tool = new OctopusToolRunner(runner.Reporter, runner.Session.Masker);
        }

        public string InstanceName => _runner.Session.InstanceName;

        /// <summary>The session's node machine; fails with <c>ServerNodeInstallPathUnknown</c> or <c>OctopusToolNotFound</c> before anything runs.</summary>
        public static ServerNodeMachine For(StepRunner runner, string stepName, int activityId)
        {
            var installPath = runner.Session.InstallPath ?? throw new OctopusUpgradeException(
                ServerNodeErrorIds.InstallPathUnknown,
                FailureCategory.InvalidOperation,
                $"{stepName} runs Octopus.Server.exe on the node, but the session does not know its install folder (no -InstallPath, and no InstallLocation under HKLM\\SOFTWARE\\Octopus\\OctopusServer). Create the session with -InstallPath on the node; nothing was changed.",
                stepName);
            OctopusToolRunner.RequireExecutable(OctopusServerCommandLine.ExecutablePath(installPath));
            return new ServerNodeMachine(runner, installPath, new OperationProgress(activityId, stepName, "Working"));
        }

        /// <summary>The command line as -WhatIf and the journal show it, secrets masked.</summary>
        public string Describe(IReadOnlyList<string> arguments) => _runner.Session.Masker.Mask(OctopusServerCommandLine.Describe(_installPath, arguments));

        public void Warn(string message) => _runner.Reporter.Warning(message);

        public void Report(string status, bool completed = false) => _runner.Reporter.Progress(_activity with { Status = status, Completed = completed });

        /// <summary>Runs a command; each line it prints becomes the progress bar's current operation.</summary>
        public Task<OctopusToolResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
            RunAsync(arguments, timeout, onLine: null, cancellationToken);

        /// <summary>Runs a command; each line it prints becomes the progress bar's current operation and goes to <paramref name="onLine"/>.</summary>
        public Task<OctopusToolResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, Action<string>? onLine, CancellationToken cancellationToken)
        {
            Report("Running " + arguments[0]);
            return _tool.RunAsync(
                new OctopusToolInvocation(OctopusServerCommandLine.ExecutablePath(_installPath), arguments)
                {
                    Timeout = timeout,
                    OnLine = line =>
                    {
                        _runner.Reporter.Progress(_activity with { Status = "Running " + arguments[0], CurrentOperation = line });
                        onLine?.Invoke(line);
                    },
                },
                cancellationToken);
        }

        /// <summary>The instance's settings. The output holds the database connection string, so it is never echoed.</summary>
        public async Task<OctopusServerConfiguration> ReadConfigurationAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var result = await _tool.RunAsync(
                new OctopusToolInvocation(OctopusServerCommandLine.ExecutablePath(_installPath), OctopusServerCommandLine.ShowConfiguration(InstanceName)) { SecretOutput = true, Timeout = timeout },
                cancellationToken).ConfigureAwait(false);
            return OctopusServerToolOutput.ParseConfiguration(result.StandardOutput);
        }

        /// <summary>The version of the binaries installed on the machine.</summary>
        public async Task<OctopusVersion> ReadInstalledVersionAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
            OctopusServerToolOutput.ParseVersion((await RunAsync(OctopusServerCommandLine.Version(), timeout, cancellationToken).ConfigureAwait(false)).StandardOutput);

        public static string NodeName(OctopusServerConfiguration configuration, string instanceName) =>
            configuration.Get("Octopus.Server.NodeName") is { Length: > 0 } name
                ? name
                : throw new OctopusUpgradeException(
                    ServerNodeErrorIds.NodeNameUnknown,
                    FailureCategory.InvalidData,
                    $"The configuration of instance '{instanceName}' names no node (Octopus.Server.NodeName), so the API's view of the node cannot be checked. Nothing was changed.",
                    instanceName);

        /// <summary>The watchdog the configuration shows, or null when it is not enabled.</summary>
        public static ServerWatchdog? Watchdog(OctopusServerConfiguration configuration) =>
            configuration.GetBoolean("Octopus.Watchdog.Enabled") == true
                ? new ServerWatchdog(
                    configuration.Get("Octopus.Watchdog.Instances") is { Length: > 0 } instances ? instances : "*",
                    int.TryParse(configuration.Get("Octopus.Watchdog.Interval"), out var interval) && interval > 0 ? interval : 5)
                : null;

        /// <summary>The node as the API lists it (the summary, with IsOffline, where the server has one), or null when not listed.</summary>
        public static async Task<OctopusServerNode?> FindNodeAsync(OctopusApiClient client, string nodeName, CancellationToken cancellationToken)
        {
            IReadOnlyList<OctopusServerNode> nodes;
            try
            {
                nodes = await client.Nodes.GetAllWithStateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OctopusApiException e) when (e.ErrorId is OctopusApiErrorIds.NotFound or OctopusApiErrorIds.LinkMissing)
            {
                var all = new List<OctopusServerNode>();
                await foreach (var node in client.Nodes.GetAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    all.Add(node);
                }

                nodes = all;
            }

            return nodes.FirstOrDefault(n => string.Equals(n.Name, nodeName, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// Whether a node's service is stopped, seen from outside the tool that stopped it: its API does not answer (the
        /// session's -Server is the node's own URL, or the last node stopped), or the cluster it belongs to reports it offline.
        /// </summary>
        public static async Task<(bool Stopped, string State)> StoppedAsync(OctopusApiClient client, string node, CancellationToken cancellationToken)
        {
            try
            {
                var listed = await ServerNodeMachine.FindNodeAsync(client, node, cancellationToken).ConfigureAwait(false);
                return listed?.IsOffline == true
                    ? (true, $"the cluster reports node '{node}' offline")
                    : (false, $"the API at {client.BaseAddress} still reports node '{node}' online");
            }
            catch (OctopusApiException e) when (e.ErrorId == OctopusApiErrorIds.Unreachable)
            {
                return (true, $"the API at {client.BaseAddress} no longer answers");
            }
        }

        /// <summary>
        /// Asks <paramref name="check"/> every poll interval until it says done or the timeout passes on the session's
        /// clock; the last state it described goes into the caller's error.
        /// </summary>
        public async Task<(bool Done, string State)> PollAsync(Func<CancellationToken, Task<(bool Done, string State)>> check, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            // Elapsed time read from the clock rather than a timer, so a test's clock that jumps to each timer moves by polls.
            var started = _runner.Clock.GetTimestamp();
            while (true)
            {
                var (done, state) = await check(cancellationToken).ConfigureAwait(false);
                var left = timeout - _runner.Clock.GetElapsedTime(started);
                if (done || left <= TimeSpan.Zero)
                {
                    return (done, state);
                }

                Report("Waiting: " + state);
                await ClockDelay.WaitAsync(_runner.Clock, left < pollInterval ? left : pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        public static StepStage Stage(string stepName, string node, string part, string ifInterrupted) =>
            new(stepName + part, ifInterrupted) { Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["Node"] = node } };

        public static StepReport Changed(string node, string change) =>
            new() { Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["Node"] = node }, Changes = new[] { change } };
    }
}
