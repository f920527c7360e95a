namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>One file of a backup set: what it is, its name within the set's folder, its size and SHA-256 (hex).</summary>
    public sealed record BackupManifestItem(BackupKind Kind, string File, long SizeBytes, string Sha256)
    {
        /// <summary>Checked after it was written from outside the step that wrote it (RESTORE VERIFYONLY for the database).</summary>
        public bool Verified { get; init; }
    }
}
