using System;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>One backup a session took: what was saved, where, and whether it was verified.</summary>
    public sealed record BackupRecord(BackupKind Kind, string Path, DateTimeOffset Taken, long SizeBytes, bool Verified);
}
