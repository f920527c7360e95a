namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>A whole <c>Copy-NuGetPackages</c> run: the copy, and the re-index when one was asked for.</summary>
    public sealed record PackageCopyOutcome(PackageCopyResult Copy, PackageReindexResult? Reindex);
}
