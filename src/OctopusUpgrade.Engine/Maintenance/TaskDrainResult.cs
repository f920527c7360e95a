using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>How waiting for tasks ended: how many were waited for, which were cancelled, which still run.</summary>
    public sealed record TaskDrainResult
    {
        /// <summary>Distinct tasks seen active while waiting.</summary>
        public int TasksWaitedFor { get; init; }

        public IReadOnlyList<string> CancelledTaskIds { get; init; } = Array.Empty<string>();

        /// <summary>Tasks still queued, executing or cancelling when the wait ended: "Id (Name)".</summary>
        public IReadOnlyList<string> StillRunning { get; init; } = Array.Empty<string>();

        public TimeSpan Waited { get; init; }

        public bool TimedOut { get; init; }
    }
}
