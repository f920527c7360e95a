using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The server's task queue: tasks wait <see cref="TaskDurations.QueueSeconds"/>, then run on a node with spare capacity
    /// (draining and offline nodes take nothing new) and end when their plan says so. A pump advances it to the simulated
    /// now every 10 ms of real time, and so does every request, so tests at a high time scale finish quickly and tests on
    /// a fake clock see the state their clock says.
    /// </summary>
    internal sealed class TaskQueue
    {
        private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(10);
        private readonly Estate _estate;
        private readonly SandboxFaults _faults;

        public TaskQueue(Estate estate, SandboxFaults faults)
        {
            _estate = estate;
            _faults = faults;
        }

        public ServerTask Create(string name, string description, JsonObject arguments, string? spaceId) => _estate.Read(() =>
        {
            var task = new ServerTask(_estate.NextId("ServerTasks"), name, description, arguments, spaceId, _estate.Clock.GetUtcNow());
            _estate.TaskList.Add(task);
            return task;
        });

        /// <summary>
        /// Puts <paramref name="count"/> deployments, already executing, on a node (a busy node to drain); endless ones run
        /// until canceled.
        /// </summary>
        public void SeedRunning(string nodeName, int count, bool endless = false) => _estate.Update(() =>
        {
            var now = _estate.Clock.GetUtcNow();
            for (var i = 0; i < count; i++)
            {
                var task = Create("Deploy", "Deploy release " + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new JsonObject(), _estate.DefaultSpaceId);
                task.State = TaskStates.Executing;
                task.StartTime = now;
                task.ServerNode = nodeName;
                task.Plan = new TaskPlan(endless ? DateTimeOffset.MaxValue : now + TimeSpan.FromSeconds(_estate.Durations.DeploymentSeconds), TaskStates.Success, "", _ => { });
            }
        });

        /// <summary>Cancels a task: a queued one at once, a running one through <c>Cancelling</c> on the next tick.</summary>
        public void Cancel(ServerTask task) => _estate.Update(() =>
        {
            if (task.State == TaskStates.Queued)
            {
                End(task, TaskStates.Canceled, "The task was canceled.");
            }
            else if (task.State == TaskStates.Executing)
            {
                task.State = TaskStates.Cancelling;
                task.LastUpdatedTime = _estate.Clock.GetUtcNow();
            }
        });

        /// <summary>Cancels every task running on a node (<c>node --drain --cancel-tasks</c>).</summary>
        public void CancelRunningOn(string nodeName) => _estate.Update(() =>
        {
            foreach (var task in _estate.TaskList.Where(t => t.ServerNode == nodeName && t.State == TaskStates.Executing))
            {
                Cancel(task);
            }
        });

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(PumpInterval);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick();
            }
        }

        /// <summary>Advances every task to the current simulated time.</summary>
        public void Tick() => _estate.Update(() =>
        {
            var now = _estate.Clock.GetUtcNow();
            _estate.Feed.Refresh();
            HydraSchedule.Run(_estate, now);
            foreach (var node in _estate.NodeList.Where(n => n.IsReporting))
            {
                node.LastSeen = now;
            }

            if (_estate.ApiState != ServiceState.Running)
            {
                return;
            }

            foreach (var task in _estate.TaskList.Where(t => !t.IsCompleted).ToList())
            {
                Advance(task, now);
            }
        });

        private void Advance(ServerTask task, DateTimeOffset now)
        {
            if (task.State == TaskStates.Cancelling)
            {
                End(task, TaskStates.Canceled, "The task was canceled.");
            }
            else if (task.State == TaskStates.Executing && task.Plan is null && !TaskPlanner.IsBlocked(_estate, task))
            {
                foreach (var waiting in task.Log.Where(e => e.Status == "Running"))
                {
                    waiting.Status = "Success";
                    waiting.Messages.Add((now, "Info", "The machines are free; continuing."));
                }

                task.Plan = TaskPlanner.Plan(_estate, task, now, _faults.TakeTaskFault(task.Name));
            }
            else if (task.State == TaskStates.Executing && task.Plan is { } plan && now >= plan.EndsAt)
            {
                plan.Apply(_estate);
                End(task, plan.FinalState, plan.ErrorMessage);
                task.CompletedTime = plan.EndsAt;
            }
            else if (task.State == TaskStates.Queued && now >= task.QueueTime + TimeSpan.FromSeconds(_estate.Durations.QueueSeconds)
                     && FreeNode() is { } node)
            {
                var blocked = TaskPlanner.IsBlocked(_estate, task);
                if (blocked && !_estate.Assumptions.UpgradeWaitsWhileExecuting)
                {
                    return;
                }

                task.State = TaskStates.Executing;
                task.StartTime = now;
                task.LastUpdatedTime = now;
                task.ServerNode = node.Name;
                if (task.Name == "Health")
                {
                    foreach (var name in _faults.TakeMachinesLostDuringHealthCheck())
                    {
                        _estate.GetMachine(name).IsOnline = false;
                    }
                }

                // A blocked task runs without a plan, waiting, until the next tick finds its machines free.
                task.Plan = blocked ? null : TaskPlanner.Plan(_estate, task, now, _faults.TakeTaskFault(task.Name));
                if (blocked)
                {
                    var waiting = new TaskLogEntry("Waiting for machines") { Status = "Running" };
                    waiting.Messages.Add((now, "Info", "Cannot start this task yet: a deployment holds one of its machines. Waiting for it to finish."));
                    task.Log.Add(waiting);
                }
            }
        }

        private ServerNode? FreeNode() => _estate.NodeList
            .Where(n => !n.IsInMaintenanceMode && n.IsReporting)
            .FirstOrDefault(n => RunningOn(n.Name) < n.MaxConcurrentTasks);

        public int RunningOn(string nodeName) =>
            _estate.TaskList.Count(t => t.ServerNode == nodeName && t.State is TaskStates.Executing or TaskStates.Cancelling);

        private void End(ServerTask task, string state, string errorMessage)
        {
            var now = _estate.Clock.GetUtcNow();
            task.State = state;
            task.ErrorMessage = errorMessage;
            task.CompletedTime = now;
            task.LastUpdatedTime = now;
            task.HasWarningsOrErrors |= state != TaskStates.Success;
            if (errorMessage.Length > 0 && state is TaskStates.Failed or TaskStates.TimedOut && !task.Log.Exists(e => e.Status == "Failed"))
            {
                var reason = new TaskLogEntry(task.Description) { Status = "Failed" };
                reason.Messages.Add((now, "Error", errorMessage));
                task.Log.Add(reason);
            }

            foreach (var entry in task.Log.Where(e => e.Status is "Running" or "Pending"))
            {
                entry.Status = state == TaskStates.Canceled ? "Canceled" : "Failed";
            }
        }
    }
}
