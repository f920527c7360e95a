using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A step template (<c>ActionTemplateResource</c>), read for what a project's step refers to.</summary>
    public sealed class OctopusActionTemplate
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? ActionType { get; init; }

        /// <summary>Counts the template's saves; a step records the version it was made from.</summary>
        public int Version { get; init; }

        public IReadOnlyDictionary<string, string?> Properties { get; init; } = new Dictionary<string, string?>();
    }
}
