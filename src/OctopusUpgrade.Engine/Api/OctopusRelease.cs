namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A release of a project.</summary>
    public sealed class OctopusRelease
    {
        public string Id { get; init; } = string.Empty;

        public string Version { get; init; } = string.Empty;

        public string? ProjectId { get; init; }
    }
}
