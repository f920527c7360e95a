namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A project, by name: what a 2.6 migration must bring across. Same fields from 2.x to now; <see cref="SpaceId"/> is null before spaces.</summary>
    public sealed class OctopusProject
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? SpaceId { get; init; }
    }
}
