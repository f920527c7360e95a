namespace OctopusUpgrade.Engine.Api
{
    /// <summary><c>/api/serverstatus/health</c>: the cluster-wide view. The server answers 200 or 418 with this same body.</summary>
    public sealed class OctopusServerHealth
    {
        public bool IsOperatingNormally { get; init; }

        public string? Description { get; init; }

        public bool IsEntireClusterReadOnly { get; init; }

        public bool IsEntireClusterDrainingTasks { get; init; }

        public bool IsCompliantWithLicense { get; init; }
    }
}
