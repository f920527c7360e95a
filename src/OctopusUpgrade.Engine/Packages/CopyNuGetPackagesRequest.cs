using System;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>What <c>Copy-NuGetPackages</c> was asked: folders (null: from the session), verification, parallelism, re-index.</summary>
    public sealed record CopyNuGetPackagesRequest
    {
        public string? SourcePath { get; init; }

        public string? DestinationPath { get; init; }

        public PackageVerifyMode VerifyMode { get; init; }

        /// <summary>Files copied at once; 0 picks <see cref="PackageCopyRequest.DefaultParallelism"/>.</summary>
        public int MaxParallelism { get; init; }

        /// <summary>Restart the server afterwards so that it re-indexes its built-in feed, and wait for the index.</summary>
        public bool Reindex { get; init; }

        public TimeSpan ReindexTimeout { get; init; } = PackageReindexRequest.DefaultTimeout;

        /// <summary>How often the feed's count is read while the index catches up.</summary>
        public TimeSpan ReindexPollInterval { get; init; } = PackageReindexRequest.DefaultPollInterval;
    }
}
