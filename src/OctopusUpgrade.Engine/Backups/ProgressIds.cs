namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>The progress activity ids of backups and restores (children of the cmdlet's 4000, beside 4100 copy and 4101 re-index).</summary>
    internal static class ProgressIds
    {
        public const int Sql = 4102;
    }
}
