using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>What a copy did: the object <c>Copy-NuGetPackages</c> returns and the journal records.</summary>
    public sealed record PackageCopyResult(
        string SourcePath,
        string DestinationPath,
        int Copied,
        int Skipped,
        int Failed,
        long BytesCopied,
        TimeSpan Duration,
        IReadOnlyList<PackageCopyFailure> Failures)
    {
        /// <summary>How many packages the feed folder holds now: the count a re-index should report.</summary>
        public int PackageCount { get; init; }

        /// <summary>Bytes copied per second of the whole run (planning excluded, verification included).</summary>
        public double BytesPerSecond => Duration > TimeSpan.Zero ? BytesCopied / Duration.TotalSeconds : 0;
    }
}
