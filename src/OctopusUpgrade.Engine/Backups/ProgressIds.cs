namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>The progress activity ids of backups and restores.</summary>
    internal static class ProgressIds
    {
        public const int Sql = 1101;
    }
}
