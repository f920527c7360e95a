using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>
    /// Runs a Health task over some Tentacles and reads each machine afterwards, the same way on every server
    /// generation. A 2.x server gets only the arguments it knows (<c>Timeout</c>, <c>EnvironmentId</c>): a subset is
    /// checked by checking its environments. Machines are read back page by page (⌈N/take⌉ requests); a 2.x
    /// Tentacle's version, which only its connection status shows, costs one request per machine and is read only
    /// when asked for.
    /// </summary>
    public sealed class TentacleHealthCheck
    {
        private readonly OctopusApiClient _client;
        private readonly IOperationReporter _reporter;
        private readonly TimeProvider _clock;
        private readonly bool _legacy;
        private readonly int _parentActivityId;

        /// <param name="client">The session's client.</param>
        /// <param name="reporter">Progress and messages.</param>
        /// <param name="clock">The session's clock.</param>
        /// <param name="legacy">A 2.x server: no <c>MachineIds</c>, no <c>MachineTimeout</c>, versions only from the connection status.</param>
        /// <param name="parentActivityId">The step's progress activity.</param>
        public TentacleHealthCheck(OctopusApiClient client, IOperationReporter reporter, TimeProvider clock, bool legacy, int parentActivityId)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _legacy = legacy;
            _parentActivityId = parentActivityId;
        }

        /// <summary>The Health task(s) that would check <paramref name="targets"/>, for -WhatIf and for <see cref="RunAsync"/>.</summary>
        /// <param name="targets">The Tentacles to check.</param>
        /// <param name="everything">The selection is the whole estate: one task without a machine list.</param>
        /// <param name="timeout">The task's own timeout.</param>
        public IReadOnlyList<OctopusTaskRequest> Requests(IReadOnlyCollection<TentacleTarget> targets, bool everything, TimeSpan timeout)
        {
            const string description = "Tentacle health check (OctopusUpgrade)";
            if (everything)
            {
                return new[] { OctopusTaskRequest.Health(description, timeout: timeout) };
            }

            return _legacy
                ? targets.SelectMany(t => t.EnvironmentIds).Distinct(StringComparer.Ordinal).Select(e => OctopusTaskRequest.Health(description, e, timeout: timeout)).ToArray()
                : new[] { OctopusTaskRequest.Health(description, machineIds: targets.Select(t => t.Id), timeout: timeout) };
        }

        /// <summary>Queues the checks and waits for each; a check the server cancelled or timed out is an error, a failed one is not (its machines say why).</summary>
        public async Task<IReadOnlyList<OctopusTask>> RunAsync(IReadOnlyCollection<TentacleTarget> targets, bool everything, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var waiter = new OctopusTaskWaiter(_client, timeProvider: _clock) { ParentActivityId = _parentActivityId };
            var queued = new List<OctopusTask>();
            foreach (var request in Requests(targets, everything, timeout))
            {
                queued.Add(await _client.Tasks.CreateAsync(request, cancellationToken).ConfigureAwait(false));
            }

            var done = new List<OctopusTask>();
            foreach (var task in queued)
            {
                // The task has its own timeout on the server; the wait allows it a poll's grace on top.
                var finished = await waiter.WaitAsync(task, timeout + waiter.MaxPollInterval, cancellationToken).ConfigureAwait(false);
                if (finished.State is OctopusTaskState.Canceled or OctopusTaskState.TimedOut)
                {
                    throw new OctopusUpgradeException(
                        TentacleErrorIds.HealthCheckFailed,
                        FailureCategory.OperationStopped,
                        $"The health check {finished.Id} ended {finished.StateName}: {await _client.Tasks.GetFailureReasonAsync(finished, cancellationToken).ConfigureAwait(false)}. No machine's state was read from it; run the check again.",
                        finished.Id);
                }

                if (finished.State == OctopusTaskState.Failed)
                {
                    _reporter.Verbose($"Health check {finished.Id} failed: {await _client.Tasks.GetFailureReasonAsync(finished, cancellationToken).ConfigureAwait(false)}. Each machine's own state follows.");
                }

                done.Add(finished);
            }

            return done;
        }

        /// <summary>Reads the machines with the given ids back from the server, page by page, after a check.</summary>
        /// <param name="targets">The machines to read, by id.</param>
        /// <param name="readConnections">On a 2.x server, also read each machine's connection status for its Tentacle version.</param>
        /// <param name="cancellationToken">Stops reading.</param>
        public async Task<IReadOnlyDictionary<string, MachineState>> ReadAsync(IReadOnlyDictionary<string, TentacleTarget> targets, bool readConnections, CancellationToken cancellationToken)
        {
            var states = new Dictionary<string, MachineState>(StringComparer.Ordinal);
            var progress = new OperationProgress(TentacleHealthStep.ReadActivityId, "Reading machines", "Reading") { ParentActivityId = _parentActivityId };
            try
            {
                await foreach (var machine in _client.Machines.GetAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!targets.TryGetValue(machine.Id, out var target))
                    {
                        continue;
                    }

                    var state = MachineState.Of(machine);
                    if (_legacy && readConnections && target.ConnectionLink is not null && !target.IsDisabled)
                    {
                        var connection = await _client.Machines.GetConnectionAsync(target.ConnectionLink, cancellationToken).ConfigureAwait(false);
                        state = state with { TentacleVersion = connection.CurrentTentacleVersion };
                    }

                    states[machine.Id] = state;
                    if (states.Count % 500 == 0)
                    {
                        _reporter.Progress(progress with
                        {
                            Status = string.Format(CultureInfo.InvariantCulture, "{0} of {1}", states.Count, targets.Count),
                            PercentComplete = states.Count * 100 / targets.Count,
                        });
                    }
                }
            }
            finally
            {
                _reporter.Progress(progress with { Status = "Done", Completed = true });
            }

            return states;
        }
    }
}
