namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>What <c>Copy-NuGetPackages</c> did: the copy, and the re-index when one was asked for and run.</summary>
    public sealed record CopyNuGetPackagesResult(PackageCopyResult Copy, PackageReindexResult? Reindex);
}
