using System;
using System.Linq;
using OctopusUpgrade.Engine.Maintenance;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>Turns the engine's maintenance outcome into the result both maintenance cmdlets write.</summary>
    internal static class MaintenanceModeResults
    {
        public static MaintenanceModeResult From(OctopusUpgradeSession session, StepRun<MaintenanceModeOutcome> run)
        {
            var outcome = run.Result;
            return new MaintenanceModeResult(session, run.Started, run.Ended)
            {
                IsInMaintenanceMode = outcome.IsInMaintenanceMode,
                WasInMaintenanceMode = outcome.WasInMaintenanceMode,
                TasksWaitedFor = outcome.Drain?.TasksWaitedFor ?? 0,
                Nodes = outcome.NodesChanged.ToArray(),
                TasksCancelled = outcome.Drain?.CancelledTaskIds.ToArray() ?? Array.Empty<string>(),
                TasksStillRunning = outcome.Drain?.StillRunning.ToArray() ?? Array.Empty<string>(),
            };
        }
    }
}
