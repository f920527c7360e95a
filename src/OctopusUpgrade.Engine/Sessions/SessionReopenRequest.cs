using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sql;

namespace OctopusUpgrade.Engine.Sessions
{
    /// <summary>
    /// What reopening a session from its journal needs: the journal, and the secrets the journal never holds. The
    /// server, instance, space, folders, SQL connection (without password) and facts come from the journal.
    /// </summary>
    public sealed record SessionReopenRequest(string JournalPath)
    {
        public Secret? ApiKey { get; init; }

        /// <summary>Needed when the session logs in to SQL Server with a SQL login: its password is not journalled.</summary>
        public SqlLogin? SqlLogin { get; init; }
    }
}
