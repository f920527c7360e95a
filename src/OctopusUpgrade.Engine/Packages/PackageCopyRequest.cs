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
        /// Four streams at once keep an SSD or a SAN busy while one stream waits, and stay few enough that a
        /// spinning disk does not thrash; measured in <c>bench/README.md</c>.
        /// </summary>
        public const int DefaultParallelism = 4;

        internal int EffectiveParallelism => MaxParallelism > 0 ? MaxParallelism : DefaultParallelism;
    }
}
