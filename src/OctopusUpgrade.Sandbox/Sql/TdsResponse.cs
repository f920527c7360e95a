using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The answer to one request (a SQL batch or an RPC), streamed: statements add tokens, <see cref="FlushAsync"/> sends
    /// what is buffered without ending the message (so progress INFO messages reach the client as they happen), and
    /// <see cref="EndAsync"/> closes it with the final DONE.
    /// </summary>
    internal sealed class TdsResponse(TdsTransport transport, string serverName, bool isRpc)
    {
        private const byte DoneToken = 0xFD;
        private const byte DoneProcToken = 0xFE;
        private const byte DoneInProcToken = 0xFF;

        private TdsTokenWriter _writer = new();
        private (ushort Status, long Rows)? _pendingDone;

        public void Message(SqlMessage message) =>
            _writer.Message(message.Class > 10, message.Number, message.State, message.Class, message.Text, serverName);

        public void Result(SqlResultSet result)
        {
            WritePendingDone(more: true);
            _writer.ResultSet(result);
            _pendingDone = (TdsTokenWriter.DoneCount, result.Rows.Count);
        }

        /// <summary>Marks the end of a statement that returned no rows.</summary>
        public void StatementDone()
        {
            WritePendingDone(more: true);
            _pendingDone = (TdsTokenWriter.DoneFinal, 0);
        }

        public Task FlushAsync(CancellationToken cancellationToken)
        {
            var bytes = _writer.Buffer.ToArray();
            _writer = new TdsTokenWriter();
            return bytes.Length == 0 ? Task.CompletedTask : transport.WriteAsync(TdsPacketType.TabularResult, bytes, endOfMessage: false, cancellationToken);
        }

        /// <summary>Ends the message: the last statement's DONE, or ERROR tokens and a DONE with the error bit.</summary>
        public Task EndAsync(SqlStatementException? failure)
        {
            ushort error = 0;
            if (failure is not null)
            {
                WritePendingDone(more: true);
                foreach (var message in failure.Errors)
                {
                    Message(message);
                }

                error = TdsTokenWriter.DoneError;
            }

            if (isRpc)
            {
                WritePendingDone(more: true);
                _writer.ReturnStatus(failure is null ? 0 : 1);
                _writer.Done(DoneProcToken, error, 0);
            }
            else if (_pendingDone is { } done && failure is null)
            {
                _pendingDone = null;
                _writer.Done(DoneToken, done.Status, done.Rows);
            }
            else
            {
                _writer.Done(DoneToken, error, 0);
            }

            return SendFinalAsync();
        }

        /// <summary>The answer to a good LOGIN7: database, collation, language and packet size, then LOGINACK and DONE.</summary>
        public Task LoginAsync(System.Version product, string database, int packetSize)
        {
            _writer.EnvChange(1, database, "master");
            Message(SqlMessage.Info(5701, "Changed database context to '" + database + "'."));
            _writer.CollationChange();
            _writer.EnvChange(2, "us_english", "");
            Message(SqlMessage.Info(5703, "Changed language setting to us_english."));
            _writer.LoginAck(product);
            _writer.EnvChange(4, System.Math.Clamp(packetSize, 512, 32767).ToString(System.Globalization.CultureInfo.InvariantCulture), "4096");
            _writer.Done(DoneToken, TdsTokenWriter.DoneFinal, 0);
            return SendFinalAsync();
        }

        /// <summary>Drops whatever was not sent and acknowledges the client's attention with DONE_ATTN.</summary>
        public Task AcknowledgeAttentionAsync()
        {
            _writer = new TdsTokenWriter();
            _writer.Done(DoneToken, TdsTokenWriter.DoneAttention, 0);
            return SendFinalAsync();
        }

        private Task SendFinalAsync()
        {
            var bytes = _writer.Buffer.ToArray();
            _writer = new TdsTokenWriter();
            return transport.WriteAsync(TdsPacketType.TabularResult, bytes, endOfMessage: true, CancellationToken.None);
        }

        private void WritePendingDone(bool more)
        {
            if (_pendingDone is { } done)
            {
                _writer.Done(isRpc ? DoneInProcToken : DoneToken, (ushort)(done.Status | (more ? TdsTokenWriter.DoneMore : 0)), done.Rows);
                _pendingDone = null;
            }
        }
    }
}
