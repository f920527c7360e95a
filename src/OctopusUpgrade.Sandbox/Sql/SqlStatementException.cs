using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A statement failed: the ERROR tokens to send, in order (e.g. 3201 then 3013).</summary>
    internal sealed class SqlStatementException : Exception
    {
        public SqlStatementException(params SqlMessage[] errors)
            : base(string.Join(" ", errors.Select(e => e.Text))) => Errors = errors;

        public IReadOnlyList<SqlMessage> Errors { get; }

        /// <summary>An error followed by SQL Server's "<paramref name="statement"/> is terminating abnormally." (3013).</summary>
        public static SqlStatementException Terminating(string statement, SqlMessage error) =>
            new(error, SqlMessage.Error(3013, statement + " is terminating abnormally."));
    }
}
