using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// One client connection: pre-login (with TLS inside PRELOGIN packets when encryption is agreed), LOGIN7 with SQL
    /// authentication, then requests. While a request runs, the next packet is read too: an ATTENTION cancels the request,
    /// which ends with DONE_ATTN.
    /// </summary>
    internal sealed class TdsSession(TcpClient client, SqlEndpoint endpoint, int spid)
    {
        private const byte EncryptOff = 0;
        private const byte EncryptOn = 1;
        private const byte EncryptNotSupported = 2;

        public int Spid { get; } = spid;

        /// <summary>The session's current database (null before login).</summary>
        public string? Database { get; set; }

        /// <summary>Whether <see cref="Kill"/> ended the connection.</summary>
        public bool IsKilled { get; private set; }

        /// <summary>Ends the connection, as <c>ROLLBACK IMMEDIATE</c> or a dropped network does.</summary>
        public void Kill()
        {
            IsKilled = true;
            client.Close();
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var network = client.GetStream();
            var transport = new TdsTransport(network);
            if (!await LoginAsync(transport, network, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var pending = transport.ReadMessageAsync(cancellationToken);
            while (true)
            {
                var message = await pending.ConfigureAwait(false);
                if (message is null)
                {
                    return;
                }

                var response = new TdsResponse(transport, endpoint.ServerName, message.Type == TdsPacketType.Rpc);
                if (message.Type == TdsPacketType.Attention)
                {
                    await response.AcknowledgeAttentionAsync().ConfigureAwait(false);
                    pending = transport.ReadMessageAsync(cancellationToken);
                    continue;
                }

                using var attention = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var execution = ExecuteAsync(message, response, attention.Token);
                pending = transport.ReadMessageAsync(cancellationToken);
                if (await Task.WhenAny(execution, pending).ConfigureAwait(false) == pending)
                {
                    var next = await pending.ConfigureAwait(false);
                    if (next is null || next.Type == TdsPacketType.Attention)
                    {
                        await attention.CancelAsync().ConfigureAwait(false);
                        var cancelled = await execution.ConfigureAwait(false);
                        if (next is null)
                        {
                            return;
                        }

                        if (!cancelled)
                        {
                            await response.AcknowledgeAttentionAsync().ConfigureAwait(false);
                        }

                        pending = transport.ReadMessageAsync(cancellationToken);
                        continue;
                    }

                    throw new InvalidDataException("The client sent a request while another was running.");
                }

                await execution.ConfigureAwait(false);
            }
        }

        // True when the request was stopped by an attention and acknowledged.
        private async Task<bool> ExecuteAsync(TdsMessage message, TdsResponse response, CancellationToken cancellationToken)
        {
            await Task.Yield();
            try
            {
                var request = message.Type switch
                {
                    TdsPacketType.SqlBatch => TdsRequest.FromBatch(message.Payload),
                    TdsPacketType.Rpc => TdsRequest.FromRpc(message.Payload),
                    _ => throw new SqlStatementException(SqlMessage.Error(50000, "The sandbox does not take TDS packets of type " + message.Type + " (transactions are not simulated).")),
                };
                await new SqlBatch(endpoint, this, request, response).RunAsync(cancellationToken).ConfigureAwait(false);
                await response.EndAsync(null).ConfigureAwait(false);
                return false;
            }
            catch (SqlStatementException failure)
            {
                await response.EndAsync(failure).ConfigureAwait(false);
                return false;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await response.AcknowledgeAttentionAsync().ConfigureAwait(false);
                return true;
            }
        }

        private async Task<bool> LoginAsync(TdsTransport transport, NetworkStream network, CancellationToken cancellationToken)
        {
            var preLogin = await transport.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            if (preLogin is null || preLogin.Type != TdsPacketType.PreLogin)
            {
                return false;
            }

            // SQL Server always holds a certificate: a client asking ENCRYPT_OFF gets ENCRYPT_OFF back and encrypts the
            // login only; ENCRYPT_ON (or REQ) gets full encryption; ENCRYPT_NOT_SUP gets none.
            var asked = PreLoginOption(preLogin.Payload, 1) ?? EncryptOff;
            var agreed = asked switch { EncryptOff => EncryptOff, EncryptNotSupported => EncryptNotSupported, _ => EncryptOn };
            await transport.WriteAsync(TdsPacketType.TabularResult, PreLoginResponse(agreed), endOfMessage: true, cancellationToken).ConfigureAwait(false);

            if (agreed != EncryptNotSupported)
            {
                var wrapper = new PreLoginTlsStream(network);
                var tls = new SslStream(wrapper, leaveInnerStreamOpen: true);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = endpoint.Certificate,
                    EnabledSslProtocols = SslProtocols.Tls12,
                    ClientCertificateRequired = false,
                }, cancellationToken).ConfigureAwait(false);
                wrapper.Handshaking = false;
                transport.Stream = tls;
            }

            var loginMessage = await transport.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            if (agreed == EncryptOff)
            {
                transport.Stream = network;
            }

            if (loginMessage is null || loginMessage.Type != TdsPacketType.Login7)
            {
                return false;
            }

            var login = Login7.Parse(loginMessage.Payload);
            var response = new TdsResponse(transport, endpoint.ServerName, isRpc: false);
            var failure = endpoint.Authenticate(login, this);
            if (failure is not null)
            {
                await response.EndAsync(failure).ConfigureAwait(false);
                return false;
            }

            await response.LoginAsync(endpoint.State.ProductVersion, Database!, login.PacketSize).ConfigureAwait(false);
            transport.PacketSize = Math.Clamp(login.PacketSize, 512, 32767);
            return true;
        }

        private static byte? PreLoginOption(byte[] payload, byte token)
        {
            for (var i = 0; i + 5 <= payload.Length && payload[i] != 0xFF; i += 5)
            {
                if (payload[i] == token)
                {
                    var offset = (payload[i + 1] << 8) | payload[i + 2];
                    return offset < payload.Length ? payload[offset] : null;
                }
            }

            return null;
        }

        private byte[] PreLoginResponse(byte encryption)
        {
            var version = endpoint.State.ProductVersion;
            byte[] versionBytes = [(byte)version.Major, (byte)version.Minor, (byte)(version.Build >> 8), (byte)version.Build, 0, 0];
            (byte Token, byte[] Data)[] options =
            [
                (0, versionBytes),
                (1, [encryption]),
                (2, [0]),
                (3, []),
                (4, [0]),
            ];
            var headerLength = (options.Length * 5) + 1;
            using var body = new MemoryStream();
            var dataOffset = headerLength;
            foreach (var (token, data) in options)
            {
                body.Write([token, (byte)(dataOffset >> 8), (byte)dataOffset, (byte)(data.Length >> 8), (byte)data.Length]);
                dataOffset += data.Length;
            }

            body.WriteByte(0xFF);
            foreach (var (_, data) in options)
            {
                body.Write(data);
            }

            return body.ToArray();
        }
    }
}
