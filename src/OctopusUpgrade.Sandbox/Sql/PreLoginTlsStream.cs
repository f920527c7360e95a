using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The stream under the server's <see cref="System.Net.Security.SslStream"/>. SQL Server carries the TLS handshake inside
    /// TDS PRELOGIN packets ([MS-TDS] 3.2.5.2): while <see cref="Handshaking"/>, reads unwrap packet payloads and writes wrap
    /// each record in a PRELOGIN packet. After the handshake the TLS records travel bare on the socket.
    /// </summary>
    internal sealed class PreLoginTlsStream(Stream inner) : Stream
    {
        private readonly byte[] _header = new byte[TdsPacketType.HeaderLength];
        private int _remainingInPacket;

        public bool Handshaking { get; set; } = true;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!Handshaking)
            {
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            if (_remainingInPacket == 0)
            {
                await inner.ReadExactlyAsync(_header, cancellationToken).ConfigureAwait(false);
                _remainingInPacket = ((_header[2] << 8) | _header[3]) - TdsPacketType.HeaderLength;
            }

            var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, _remainingInPacket)], cancellationToken).ConfigureAwait(false);
            _remainingInPacket -= read;
            return read;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!Handshaking)
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }

            var packet = new byte[TdsPacketType.HeaderLength + buffer.Length];
            packet[0] = TdsPacketType.PreLogin;
            packet[1] = TdsPacketType.EndOfMessage;
            packet[2] = (byte)(packet.Length >> 8);
            packet[3] = (byte)packet.Length;
            packet[6] = 1;
            buffer.CopyTo(packet.AsMemory(TdsPacketType.HeaderLength));
            await inner.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
