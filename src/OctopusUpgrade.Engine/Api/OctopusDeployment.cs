namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A deployment of a release to an environment, and the Deploy task that runs it.</summary>
    public sealed class OctopusDeployment
    {
        public string Id { get; init; } = string.Empty;

        public string? ReleaseId { get; init; }

        public string? EnvironmentId { get; init; }

        public string TaskId { get; init; } = string.Empty;
    }
}
