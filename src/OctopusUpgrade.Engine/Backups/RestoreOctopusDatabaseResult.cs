namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What <c>Restore-OctopusDatabase</c> did: the database replaced, from which file, and the schema history read back after it.</summary>
    public sealed record RestoreOctopusDatabaseResult(string SqlServer, string Database, string BackupFile, int SchemaScriptCount, string? LastSchemaScript);
}
