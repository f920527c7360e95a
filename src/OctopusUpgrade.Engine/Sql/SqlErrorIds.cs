namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>The error ids of reaching SQL Server.</summary>
    public static class SqlErrorIds
    {
        public const string Prefix = "Sql";

        public const string ConnectionFailed = "SqlConnectionFailed";

        /// <summary>A statement ended with a SQL Server error (its number and message are in the text).</summary>
        public const string StatementFailed = "SqlStatementFailed";

        /// <summary>The session has no SQL connection string, or it names no database.</summary>
        public const string DatabaseUnknown = "SqlDatabaseUnknown";
    }
}
