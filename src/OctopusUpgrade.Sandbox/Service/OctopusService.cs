using System;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// One node's simulated <c>OctopusDeploy</c> Windows service. Stopped: connections are dropped, as nothing listens on a
    /// stopped service's port. Starting: the API answers 503 for <see cref="TaskDurations.ServiceStartSeconds"/>; then it
    /// runs and, if <see cref="SandboxAssumptions.StartReindexesFeed"/>, re-indexes the built-in feed. A node whose binaries
    /// are newer than the database schema does not start (the MSI was installed, <c>database --upgrade</c> not yet run).
    /// </summary>
    public sealed class OctopusService
    {
        private readonly Estate _estate;
        private readonly ServerNode _node;
        private ServiceState _state = ServiceState.Running;
        private DateTimeOffset _startedAt;
        private int _starts;

        internal OctopusService(Estate estate, ServerNode node)
        {
            _estate = estate;
            _node = node;
        }

        /// <summary>The service state now, after any due start-up has completed.</summary>
        public ServiceState State => _estate.Read(() =>
        {
            if (_state == ServiceState.Starting && _estate.Clock.GetUtcNow() >= _startedAt)
            {
                _state = ServiceState.Running;
                _estate.Home.AppendLog(_startedAt.ToString("O") + " INFO Web server is ready to process requests");
                if (_estate.Assumptions.StartReindexesFeed)
                {
                    _estate.Feed.Reindex();
                }
            }

            return _state;
        });

        /// <summary>How many times the service was started since the estate was built, so tests can see a restart.</summary>
        public int Starts => _estate.Read(() => _starts);

        /// <summary>Stops the service; false if it was already stopped.</summary>
        public bool Stop() => _estate.Read(() =>
        {
            if (State == ServiceState.Stopped)
            {
                return false;
            }

            _state = ServiceState.Stopped;
            _estate.Home.AppendLog(_estate.Clock.GetUtcNow().ToString("O") + " INFO Octopus Server is shutting down");
            InterruptRunningTasks();
            return true;
        });

        /// <summary>Starts the service; false if it was already running or starting.</summary>
        /// <exception cref="InvalidOperationException">The node's binaries are newer than the database schema.</exception>
        public bool Start() => _estate.Read(() =>
        {
            if (State != ServiceState.Stopped)
            {
                return false;
            }

            // The wording is invented; real servers log a schema mismatch and the service stops again.
            if (ServerVersion.Parse(_node.Version).CompareTo(_estate.Version) > 0)
            {
                throw new InvalidOperationException($"The Octopus database schema is for version {_estate.Version.Text}, older than the installed Octopus Server {_node.Version} on {_node.Name}. Run 'Octopus.Server.exe database --upgrade' before starting the service.");
            }

            _state = ServiceState.Starting;
            _starts++;
            _startedAt = _estate.Clock.GetUtcNow() + TimeSpan.FromSeconds(_estate.Durations.ServiceStartSeconds);
            _estate.Home.AppendLog(_estate.Clock.GetUtcNow().ToString("O") + " INFO Octopus Server is starting");
            return true;
        });

        // A stopping server abandons the tasks it was running; they show as failed afterwards. The message is invented.
        private void InterruptRunningTasks()
        {
            var now = _estate.Clock.GetUtcNow();
            foreach (var task in _estate.TaskList.Where(t => t.State is TaskStates.Executing or TaskStates.Cancelling && (t.ServerNode is null || t.ServerNode == _node.Name)))
            {
                task.State = TaskStates.Failed;
                task.ErrorMessage = "The task was interrupted because the Octopus Server service stopped.";
                task.CompletedTime = now;
                task.LastUpdatedTime = now;
                task.HasWarningsOrErrors = true;
            }
        }

        /// <summary>Stops (if running) and starts the service.</summary>
        public void Restart()
        {
            Stop();
            Start();
        }
    }
}
