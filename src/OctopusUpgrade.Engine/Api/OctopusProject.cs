using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// A project, with the links to its deployment process and releases. Same fields from 2.x to now; <see cref="SpaceId"/>
    /// is null before spaces.
    /// </summary>
    public sealed class OctopusProject
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? LifecycleId { get; init; }

        public string? SpaceId { get; init; }

        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    }
}
