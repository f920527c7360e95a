using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A lifecycle: its phases' environments, automatic and optional, in one list.</summary>
    public sealed class OctopusLifecycle
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public IReadOnlyList<string> EnvironmentIds { get; init; } = new List<string>();

        internal IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    }
}
