using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// What <c>Copy-NuGetPackages</c> did: the copy, and the re-index when one was asked for and run. A re-index that
    /// failed after a good copy leaves <see cref="ReindexError"/> set: the caller reports this result first (the copy
    /// happened, and the missing packages are named), then the error.
    /// </summary>
    public sealed record CopyNuGetPackagesResult(PackageCopyResult Copy, PackageReindexResult? Reindex)
    {
        public OctopusUpgradeException? ReindexError { get; init; }

        /// <summary>True only when the feed lists every copied package.</summary>
        public bool Reindexed => Reindex is { IsComplete: true } && ReindexError is null;
    }
}
