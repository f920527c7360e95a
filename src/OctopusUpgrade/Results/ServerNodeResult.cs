using System;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Stop-OctopusServerNode and Start-OctopusServerNode: the node's state, each part read back from outside.</summary>
    public sealed class ServerNodeResult : OctopusUpgradeStepResult
    {
        private ServerNodeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string NodeName { get; private set; } = string.Empty;

        public string InstanceName { get; private set; } = string.Empty;

        /// <summary>Whether the node's service answers: false after a stop, true once /api answered with <see cref="Version"/>.</summary>
        public bool IsRunning { get; private set; }

        /// <summary>Whether the API shows the node draining (taking no new tasks).</summary>
        public bool IsDrained { get; private set; }

        /// <summary>The version /api answered with after a start; null after a stop.</summary>
        public string? Version { get; private set; }

        /// <summary>The instances the watchdog deleted (stop) or recreated (start) watches; null when there was none.</summary>
        public string? WatchdogInstances { get; private set; }

        /// <summary>That watchdog's interval in minutes; null when there was none.</summary>
        public int? WatchdogIntervalMinutes { get; private set; }

        internal static ServerNodeResult From(OctopusUpgradeSession session, StepRun<ServerNodeOutcome> run) => new(session, run.Started, run.Ended)
        {
            NodeName = run.Result.NodeName,
            InstanceName = session.InstanceName,
            IsRunning = run.Result.IsRunning,
            IsDrained = run.Result.IsDrained,
            Version = run.Result.Version?.ToString(),
            WatchdogInstances = run.Result.Watchdog?.Instances,
            WatchdogIntervalMinutes = run.Result.Watchdog?.IntervalMinutes,
        };
    }
}
