namespace OctopusUpgrade.Engine.Api
{
    /// <summary>An environment. Same shape from 2.x to now; <see cref="SpaceId"/> is null before spaces.</summary>
    public sealed class OctopusEnvironment
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? Description { get; init; }

        public int SortOrder { get; init; }

        public string? SpaceId { get; init; }
    }
}
