using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A package as the server's index knows it.</summary>
    /// <param name="SpaceId">Owning space.</param>
    /// <param name="PackageId">NuGet id from the nuspec.</param>
    /// <param name="Version">Version from the nuspec.</param>
    /// <param name="FilePath">File on disk.</param>
    /// <param name="SizeBytes">File size.</param>
    /// <param name="Hash">SHA1 of the file, hex.</param>
    /// <param name="Published">When it was indexed.</param>
    public sealed record FeedPackage(string SpaceId, string PackageId, string Version, string FilePath, long SizeBytes, string Hash, DateTimeOffset Published);
}
