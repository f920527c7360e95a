namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>The error ids of backing up the database, Master Key, license and server folders.</summary>
    public static class BackupErrorIds
    {
        public const string Prefix = "Backup";

        public const string BackupOctopusDatabaseNotAvailableYet = "BackupOctopusDatabaseNotAvailableYet";
    }
}
