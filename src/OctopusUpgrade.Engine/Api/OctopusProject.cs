using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A project, with the links to its deployment process and releases.</summary>
    public sealed class OctopusProject
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? LifecycleId { get; init; }

        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    }
}
