using System;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Runs a request's statements in order: SELECT, BACKUP, RESTORE and ALTER DATABASE … SET SINGLE_USER|MULTI_USER.
    /// Anything else is Msg 102 naming what the sandbox did not understand; the first error ends the batch.
    /// </summary>
    internal sealed class SqlBatch(SqlEndpoint endpoint, TdsSession session, TdsRequest request, TdsResponse response)
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var parser = new SqlParser(request.Text, request.Parameters);
            while (!parser.AtEnd)
            {
                if (parser.AcceptSymbol(";"))
                {
                    continue;
                }

                var first = parser.Peek;
                if (first.Is("SELECT"))
                {
                    response.Result(SelectStatement.Run(parser, endpoint, session));
                    parser.EndStatement();
                }
                else if (first.Is("BACKUP"))
                {
                    await new BackupStatements(parser, endpoint, session, response).BackupAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (first.Is("RESTORE"))
                {
                    await new BackupStatements(parser, endpoint, session, response).RestoreAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (first.Is("ALTER"))
                {
                    AlterDatabase(parser);
                }
                else
                {
                    throw parser.NotUnderstood();
                }

                await response.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // ALTER DATABASE name SET SINGLE_USER|MULTI_USER [WITH ROLLBACK IMMEDIATE | WITH ROLLBACK AFTER n [SECONDS] | WITH NO_WAIT]
        private void AlterDatabase(SqlParser parser)
        {
            parser.Expect("ALTER", "DATABASE");
            var database = parser.NameOrVariable();
            parser.Expect("SET");
            var single = parser.Accept("SINGLE_USER");
            if (!single)
            {
                parser.Expect("MULTI_USER");
            }

            var terminate = false;
            if (parser.Accept("WITH"))
            {
                if (parser.Accept("ROLLBACK"))
                {
                    terminate = true;
                    if (!parser.Accept("IMMEDIATE"))
                    {
                        parser.Expect("AFTER");
                        parser.Integer();
                        parser.Accept("SECONDS");
                    }
                }
                else
                {
                    parser.Expect("NO_WAIT");
                }
            }

            parser.EndStatement();
            var failed = SqlMessage.Error(5069, "ALTER DATABASE statement failed.");
            if (!endpoint.IsUserDatabase(database))
            {
                throw new SqlStatementException(SqlMessage.Error(5011, "User does not have permission to alter database '" + database + "', the database does not exist, or the database is not in a state that allows access checks.", 14), failed);
            }

            var name = endpoint.State.DatabaseName;
            if (single)
            {
                var others = endpoint.SessionsIn(name, session);
                if (others.Length > 0 && !terminate)
                {
                    // SQL Server would wait for the other sessions; the sandbox answers as WITH NO_WAIT does rather than hang.
                    throw new SqlStatementException(SqlMessage.Error(5061, "ALTER DATABASE failed because a lock could not be placed on database '" + name + "'. Try again later."), failed);
                }

                foreach (var other in others)
                {
                    other.Kill();
                }

                if (others.Length > 0)
                {
                    response.Message(SqlMessage.Info(5060, "Nonqualified transactions are being rolled back. Estimated rollback completion: 100%."));
                }
            }

            endpoint.State.Update(() => endpoint.State.UserAccess = single ? "SINGLE_USER" : "MULTI_USER");
            response.StatementDone();
        }
    }
}
