namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What <c>Backup-OctopusDatabase</c> did: the set's manifest (as written) and where it is.</summary>
    public sealed record BackupOctopusDatabaseResult(BackupManifest Manifest, string ManifestPath, string SetFolder);
}
