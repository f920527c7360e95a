using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>What <c>Enable-MaintenanceMode</c> or <c>Disable-MaintenanceMode</c> was asked.</summary>
    public sealed record MaintenanceModeRequest
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(10);

        /// <summary>How long cancelled tasks get to stop before they are reported as still running.</summary>
        public static readonly TimeSpan DefaultCancelWait = TimeSpan.FromMinutes(2);

        /// <summary>Wait until running and queued tasks (of <see cref="Nodes"/>, when named) have finished.</summary>
        public bool WaitForTasks { get; init; }

        public TimeSpan Timeout { get; init; } = DefaultTimeout;

        /// <summary>Cancel what still runs when <see cref="Timeout"/> passes (its own High-impact action).</summary>
        public bool CancelRemainingTasks { get; init; }

        /// <summary>HA node names: drain (or resume) these nodes through their node resource instead of the whole server.</summary>
        public IReadOnlyList<string> Nodes { get; init; } = Array.Empty<string>();

        /// <summary>Turn maintenance mode off even though the session found it on.</summary>
        public bool Force { get; init; }

        public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

        public TimeSpan CancelWait { get; init; } = DefaultCancelWait;
    }
}
