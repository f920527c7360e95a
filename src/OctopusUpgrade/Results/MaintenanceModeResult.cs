using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Enable-MaintenanceMode: the state found, the state left, and the tasks waited for.</summary>
    public sealed class MaintenanceModeResult : OctopusUpgradeStepResult
    {
        internal MaintenanceModeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public bool IsInMaintenanceMode { get; internal set; }

        public bool WasInMaintenanceMode { get; internal set; }

        public int TasksWaitedFor { get; internal set; }
    }
}
