namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// <c>/api/configuration/server-folders/values</c>: where the server keeps what a backup must include besides the
    /// database. The full field list is not documented; these are the ones upgrade scripts read.
    /// </summary>
    public sealed class OctopusServerFolders
    {
        public string? LogsDirectory { get; init; }

        public string? ArtifactsDirectory { get; init; }

        public string? PackagesDirectory { get; init; }

        public string? TaskLogsDirectory { get; init; }

        public string? EventExportsDirectory { get; init; }

        public string? TelemetryDirectory { get; init; }
    }
}
