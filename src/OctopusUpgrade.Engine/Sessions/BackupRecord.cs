using System;

namespace OctopusUpgrade.Engine.Sessions
{
    /// <summary>One backup a session took: what was saved, where, and whether it was verified.</summary>
    public sealed record BackupRecord(string Kind, string Path, DateTimeOffset Taken, long SizeBytes, bool Verified);
}
