using System;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// What to copy. Both paths are explicit and absolute so the engine works without a session; the defaults a
    /// session would give come from <see cref="PackageFeedLocations"/>.
    /// </summary>
    public sealed record PackageCopyRequest(string SourcePath, string DestinationPath)
    {
        public PackageVerifyMode VerifyMode { get; init; }

        /// <summary>The session the copy runs in, named in the destination's lock file; empty outside a session.</summary>
        public Guid SessionId { get; init; }

        /// <summary>How many files are copied at once; 0 picks <see cref="DefaultParallelism"/>.</summary>
        public int MaxParallelism { get; init; }

        /// <summary>
        /// A feed is mostly small packages, so a copy (and a re-run's metadata checks) waits on the latency of each
        /// file far more than on bandwidth; sixteen files in flight keep an SSD, SAN or virtual disk's queue full and
        /// measured faster than 4 or 8 and no slower than 32 (<c>bench/README.md</c>), at 2 MiB of buffers each. On a
        /// single spinning disk a lower value avoids seeking between files.
        /// </summary>
        public const int DefaultParallelism = 16;

        internal int EffectiveParallelism => MaxParallelism > 0 ? MaxParallelism : DefaultParallelism;
    }
}
