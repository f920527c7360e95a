using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Reads and writes TDS packets on a connection. <see cref="Stream"/> is swapped when TLS starts (and, for login-only
    /// encryption, stopped again after LOGIN7). Writes are serialised so a response and an attention acknowledgement never
    /// interleave.
    /// </summary>
    internal sealed class TdsTransport(Stream stream)
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly byte[] _header = new byte[TdsPacketType.HeaderLength];
        private byte _packetId;

        public Stream Stream { get; set; } = stream;

        /// <summary>The largest packet either side sends; the login negotiates it.</summary>
        public int PacketSize { get; set; } = 4096;

        /// <summary>Reads one whole message; null when the client closed the connection.</summary>
        public async Task<TdsMessage?> ReadMessageAsync(CancellationToken cancellationToken)
        {
            using var payload = new MemoryStream();
            byte type = 0;
            while (true)
            {
                try
                {
                    await Stream.ReadExactlyAsync(_header, cancellationToken).ConfigureAwait(false);
                }
                catch (EndOfStreamException)
                {
                    return null;
                }

                type = _header[0];
                var length = (_header[2] << 8) | _header[3];
                if (length < TdsPacketType.HeaderLength)
                {
                    throw new InvalidDataException("A TDS packet shorter than its header.");
                }

                var body = new byte[length - TdsPacketType.HeaderLength];
                await Stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
                payload.Write(body);
                if ((_header[1] & TdsPacketType.EndOfMessage) != 0)
                {
                    return new TdsMessage(type, payload.ToArray());
                }
            }
        }

        /// <summary>Writes <paramref name="payload"/> as packets of <paramref name="type"/>; the last carries end-of-message when <paramref name="endOfMessage"/>.</summary>
        public async Task WriteAsync(byte type, ReadOnlyMemory<byte> payload, bool endOfMessage, CancellationToken cancellationToken)
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var room = PacketSize - TdsPacketType.HeaderLength;
                var offset = 0;
                do
                {
                    var size = Math.Min(room, payload.Length - offset);
                    var last = offset + size == payload.Length;
                    var packet = new byte[TdsPacketType.HeaderLength + size];
                    packet[0] = type;
                    packet[1] = (byte)(last && endOfMessage ? TdsPacketType.EndOfMessage : 0);
                    packet[2] = (byte)(packet.Length >> 8);
                    packet[3] = (byte)packet.Length;
                    packet[6] = ++_packetId;
                    payload.Slice(offset, size).CopyTo(packet.AsMemory(TdsPacketType.HeaderLength));
                    await Stream.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
                    offset += size;
                }
                while (offset < payload.Length);
                await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }
}
