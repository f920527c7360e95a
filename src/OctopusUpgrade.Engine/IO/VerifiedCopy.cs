using System;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>One file for <see cref="VerifiedFileCopier"/>: where it comes from and goes, and what the source was when planned.</summary>
    /// <param name="Name">How messages name the file, such as its path relative to the folder being copied.</param>
    /// <param name="SourcePath">The source file.</param>
    /// <param name="DestinationPath">Its final name; nothing appears there until the copy is verified.</param>
    /// <param name="Length">The source's length when planned; a different length read is a changed source.</param>
    /// <param name="SourceLastWriteTimeUtc">The source's last-write time when planned; the copy gets it too.</param>
    internal sealed record VerifiedCopy(string Name, string SourcePath, string DestinationPath, long Length, DateTime SourceLastWriteTimeUtc)
    {
        /// <summary>Whether a file may already stand under the final name (then a read-only one is refused, not replaced).</summary>
        public bool DestinationMayExist { get; init; }
    }
}
