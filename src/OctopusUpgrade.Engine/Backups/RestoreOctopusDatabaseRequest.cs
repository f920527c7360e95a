namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What <c>Restore-OctopusDatabase</c> was asked: the backup set's manifest (the file or its folder).</summary>
    public sealed record RestoreOctopusDatabaseRequest(string ManifestPath);
}
