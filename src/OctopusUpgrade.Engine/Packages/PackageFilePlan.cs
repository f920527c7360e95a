using System;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>The decision for one file of the feed: where it comes from, where it goes, and why.</summary>
    public sealed record PackageFilePlan(
        string RelativePath,
        string SourcePath,
        string DestinationPath,
        long Length,
        DateTime SourceLastWriteTimeUtc,
        PackageCopyAction Action,
        PackageCopyReason Reason);
}
