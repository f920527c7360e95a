using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Enable-MaintenanceMode and Disable-MaintenanceMode: the state found, the state left (read back from the server), and the tasks waited for.</summary>
    public sealed class MaintenanceModeResult : OctopusUpgradeStepResult
    {
        internal MaintenanceModeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public bool IsInMaintenanceMode { get; internal set; }

        public bool WasInMaintenanceMode { get; internal set; }

        public int TasksWaitedFor { get; internal set; }

        /// <summary>The HA nodes drained or resumed with -Node; empty when the whole server's switch was used.</summary>
        public string[] Nodes { get; internal set; } = System.Array.Empty<string>();

        /// <summary>Ids of the tasks -CancelRemainingTasks cancelled at the timeout.</summary>
        public string[] TasksCancelled { get; internal set; } = System.Array.Empty<string>();

        /// <summary>Tasks still running or queued when the wait ended ("Id (Name on Node)"); each also raised MaintenanceTasksStillRunning.</summary>
        public string[] TasksStillRunning { get; internal set; } = System.Array.Empty<string>();
    }
}
