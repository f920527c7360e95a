namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// What to copy. Both paths are explicit and absolute so the engine works without a session; the defaults a
    /// session would give come from <see cref="PackageFeedLocations"/>.
    /// </summary>
    public sealed record PackageCopyRequest(string SourcePath, string DestinationPath)
    {
        public PackageVerifyMode VerifyMode { get; init; } = PackageVerifyMode.Fast;

        /// <summary>How many files are copied at once; 0 picks <see cref="DefaultParallelism"/>.</summary>
        public int MaxParallelism { get; init; }

        /// <summary>
        /// A feed is mostly small packages, so a copy waits on the latency of opening and first reading each file
        /// far more than on bandwidth; eight files in flight keep an SSD, SAN or virtual disk's queue full and were
        /// clearly faster than one to four on the benchmark (<c>bench/README.md</c>), while eight 1 MiB buffers keep
        /// memory small.
        /// </summary>
        public const int DefaultParallelism = 8;

        internal int EffectiveParallelism => MaxParallelism > 0 ? MaxParallelism : DefaultParallelism;
    }
}
