namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>The error ids of reaching SQL Server.</summary>
    public static class SqlErrorIds
    {
        public const string Prefix = "Sql";

        public const string ConnectionFailed = "SqlConnectionFailed";
    }
}
