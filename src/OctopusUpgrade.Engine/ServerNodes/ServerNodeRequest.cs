using System;

namespace OctopusUpgrade.Engine.ServerNodes
{
    /// <summary>What Stop-OctopusServerNode and Start-OctopusServerNode were asked.</summary>
    public sealed record ServerNodeRequest
    {
        public static readonly TimeSpan DefaultDrainWait = TimeSpan.FromMinutes(10);

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

        /// <summary>How long <c>node --drain=true --wait</c> waits for the node's running tasks (stopping only).</summary>
        public TimeSpan DrainWait { get; init; } = DefaultDrainWait;

        /// <summary>How long each tool may run, and how long the service may take to stop or to answer after starting.</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;

        /// <summary>How often the API is asked whether the node has stopped or answers.</summary>
        public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    }
}
