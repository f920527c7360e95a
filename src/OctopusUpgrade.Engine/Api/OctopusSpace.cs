using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A space (Octopus 2019.1 and later).</summary>
    public sealed class OctopusSpace
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? Slug { get; init; }

        public string? Description { get; init; }

        public bool IsDefault { get; init; }

        /// <summary>True when the space's task queue is stopped: tasks queued there will not run.</summary>
        public bool TaskQueueStopped { get; init; }

        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    }
}
