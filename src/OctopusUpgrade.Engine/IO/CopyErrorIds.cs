namespace OctopusUpgrade.Engine.IO
{
    /// <summary>The ids from the calling feature's catalog that <see cref="VerifiedFileCopier"/> raises its failures under.</summary>
    /// <param name="FileFailed">The file could not be read or written.</param>
    /// <param name="DiskFull">The destination volume filled up.</param>
    /// <param name="SourceChanged">The source changed while it was read.</param>
    /// <param name="VerificationFailed">What was written, or the source read twice, did not match.</param>
    internal sealed record CopyErrorIds(string FileFailed, string DiskFull, string SourceChanged, string VerificationFailed);
}
