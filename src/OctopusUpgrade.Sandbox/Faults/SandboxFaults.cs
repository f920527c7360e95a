using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Programmatic fault injection; the control endpoint (<c>/sandbox/faults/…</c>) and start options drive the same object.
    /// Route prefixes match the start of the request path, case-insensitively (<c>/api/tasks</c> matches
    /// <c>/api/tasks/ServerTasks-1</c>; <c>/</c> matches everything under <c>/api</c>).
    /// </summary>
    public sealed class SandboxFaults
    {
        private readonly object _sync = new();
        private readonly Estate _estate;
        private readonly TimeProvider _clock;
        private readonly List<RouteFault> _routeFaults = [];
        private readonly List<(string Prefix, TimeSpan Delay)> _latencies = [];
        private readonly List<TaskFault> _taskFaults = [];
        private readonly List<string> _lostDuringHealthCheck = [];
        private volatile bool _migratorHangs;
        private volatile MsiexecFault? _msiexec;
        private volatile bool _serviceStopIgnored;

        // Latency runs on the clock the sandbox was started with (real time, or a test's fake clock), not on simulated time.
        internal SandboxFaults(Estate estate, TimeProvider clock)
        {
            _estate = estate;
            _clock = clock;
        }

        /// <summary>
        /// Raised with the request path once a request is held by latency, its wait already on the clock: a test on a fake
        /// clock advances the clock after this, never before.
        /// </summary>
        public event Action<string>? RequestHeld;

        /// <summary>The next <paramref name="count"/> calls to routes under <paramref name="routePrefix"/> answer <paramref name="statusCode"/> (e.g. 500, 503).</summary>
        public void FailNext(string routePrefix, int statusCode, int count) => AddRouteFault(routePrefix, statusCode, count);

        /// <summary>The next <paramref name="count"/> calls to routes under <paramref name="routePrefix"/> get their connection aborted without a response.</summary>
        public void DropNext(string routePrefix, int count) => AddRouteFault(routePrefix, null, count);

        /// <summary>
        /// Every call to routes under <paramref name="routePrefix"/> waits <paramref name="delay"/> first, on the clock the
        /// sandbox was started with (real time, not simulated time).
        /// </summary>
        public void AddLatency(string routePrefix, TimeSpan delay)
        {
            lock (_sync)
            {
                _latencies.Add((Normalise(routePrefix), delay));
            }
        }

        /// <summary>The next task named <paramref name="taskName"/> (<c>*</c>: any) ends <c>Failed</c> or <c>TimedOut</c>.</summary>
        public void FailNextTask(string taskName, string state = TaskStates.Failed, string? message = null)
        {
            if (state is not (TaskStates.Failed or TaskStates.TimedOut))
            {
                throw new ArgumentException("A task fault ends Failed or TimedOut.", nameof(state));
            }

            lock (_sync)
            {
                _taskFaults.Add(new TaskFault(taskName, state, message ?? (state == TaskStates.Failed ? "The task failed (injected fault)." : "The task timed out.")));
            }
        }

        /// <summary>
        /// The next task named <paramref name="taskName"/> (<c>*</c>: any) never ends by itself: it stays <c>Executing</c>
        /// until canceled (a stuck deployment that a drain must wait out or cancel).
        /// </summary>
        public void HangNextTask(string taskName)
        {
            lock (_sync)
            {
                _taskFaults.Add(new TaskFault(taskName, TaskStates.Executing, ""));
            }
        }

        /// <summary>
        /// The machine answers until the next Health task starts, then drops off the network during the check: that check
        /// times out on it, and it stays offline until brought back.
        /// </summary>
        public void DropMachineDuringNextHealthCheck(string machineName)
        {
            _estate.GetMachine(machineName);
            lock (_sync)
            {
                _lostDuringHealthCheck.Add(machineName);
            }
        }

        /// <summary>Faults of the SQL Server endpoint.</summary>
        public SqlFaults Sql { get; } = new();

        /// <summary>Takes a machine offline (same as <see cref="Estate.TakeMachineOffline"/>).</summary>
        public void TakeMachineOffline(string machineName) => _estate.TakeMachineOffline(machineName);

        /// <summary>The <c>Octopus.Migrator.exe</c> stand-in stops after reading the backup and never imports (a migration of many hours, or a hung one), until it is killed.</summary>
        public bool MigratorHangs
        {
            get => _migratorHangs;
            set => _migratorHangs = value;
        }

        /// <summary>How the <c>msiexec</c> stand-in ends every run until cleared; null: it installs and exits 0.</summary>
        public MsiexecFault? Msiexec
        {
            get => _msiexec;
            set => _msiexec = value;
        }

        /// <summary>
        /// A node's <c>service --stop</c> (through the Octopus.Server.exe stand-in) reports "Service stopped" and exits 0,
        /// yet the service keeps running: a stop only the tool's own word vouches for.
        /// </summary>
        public bool ServiceStopIgnored
        {
            get => _serviceStopIgnored;
            set => _serviceStopIgnored = value;
        }

        /// <summary>Removes every pending fault and latency.</summary>
        public void Clear()
        {
            _migratorHangs = false;
            _msiexec = null;
            _serviceStopIgnored = false;
            lock (_sync)
            {
                _routeFaults.Clear();
                _latencies.Clear();
                _taskFaults.Clear();
                _lostDuringHealthCheck.Clear();
            }

            Sql.Clear();
        }

        /// <summary>Decides what happens to a request: added latency, then a forced status, a drop, or nothing.</summary>
        internal (TimeSpan Latency, RouteFault? Fault) Match(string path)
        {
            lock (_sync)
            {
                var latency = _latencies.Where(l => Matches(path, l.Prefix)).Aggregate(TimeSpan.Zero, (total, l) => total + l.Delay);
                var fault = _routeFaults.FirstOrDefault(f => Matches(path, f.Prefix));
                if (fault is not null && --fault.Remaining == 0)
                {
                    _routeFaults.Remove(fault);
                }

                return (latency, fault);
            }
        }

        /// <summary>Holds a request for its latency on the sandbox's clock and says so through <see cref="RequestHeld"/>.</summary>
        internal Task HoldAsync(string path, TimeSpan latency, CancellationToken cancellationToken)
        {
            var held = Task.Delay(latency, _clock, cancellationToken);
            RequestHeld?.Invoke(path);
            return held;
        }

        /// <summary>Takes the pending fault for a task of this name, if any.</summary>
        internal TaskFault? TakeTaskFault(string taskName)
        {
            lock (_sync)
            {
                var fault = _taskFaults.FirstOrDefault(f => f.TaskName == "*" || string.Equals(f.TaskName, taskName, StringComparison.OrdinalIgnoreCase));
                if (fault is not null)
                {
                    _taskFaults.Remove(fault);
                }

                return fault;
            }
        }

        /// <summary>Takes the machines set to drop during the next health check.</summary>
        internal List<string> TakeMachinesLostDuringHealthCheck()
        {
            lock (_sync)
            {
                var names = _lostDuringHealthCheck.ToList();
                _lostDuringHealthCheck.Clear();
                return names;
            }
        }

        private void AddRouteFault(string routePrefix, int? statusCode, int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
            lock (_sync)
            {
                _routeFaults.Add(new RouteFault(Normalise(routePrefix), statusCode) { Remaining = count });
            }
        }

        private static string Normalise(string prefix) => "/" + prefix.Trim().Trim('/');

        private static bool Matches(string path, string prefix) =>
            prefix == "/" || path.Equals(prefix, StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);
    }
}
