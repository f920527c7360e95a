using System;
using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>A statement SQL Server refused or stopped, with the error numbers it sent, so a step can explain the ones it knows.</summary>
    public sealed class SqlStatementException : OctopusUpgradeException
    {
        public SqlStatementException(string server, IReadOnlyList<SqlServerMessage> errors, Exception? innerException = null)
            : base(
                SqlErrorIds.StatementFailed,
                FailureCategory.InvalidOperation,
                $"SQL Server '{server}' reported: " + string.Join(" ", errors.Select(e => $"Msg {e.Number}: {e.Text}")),
                server,
                innerException)
        {
            Errors = errors;
        }

        /// <summary>What SQL Server said, in order (3201 then 3013, say).</summary>
        public IReadOnlyList<SqlServerMessage> Errors { get; }

        public bool Has(int number) => Errors.Any(e => e.Number == number);
    }
}
