using System;
using System.IO;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>
    /// Passes through to a real stream and calls a hook with each buffer and the offset in the file it covers: after a
    /// read (to corrupt what the copier receives) or before a write (to corrupt what lands, or to fail).
    /// </summary>
    internal sealed class InterceptingStream : Stream
    {
        private readonly Stream _inner;
        private readonly Action<byte[], int, int, long>? _afterRead;
        private readonly Action<byte[], int, int, long>? _beforeWrite;
        private long _position;

        public InterceptingStream(Stream inner, Action<byte[], int, int, long>? afterRead = null, Action<byte[], int, int, long>? beforeWrite = null)
        {
            _inner = inner;
            _afterRead = afterRead;
            _beforeWrite = beforeWrite;
        }

        public override bool CanRead => _inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => _inner.CanWrite;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = _inner.Read(buffer, offset, count);
            _afterRead?.Invoke(buffer, offset, read, _position);
            _position += read;
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _beforeWrite?.Invoke(buffer, offset, count, _position);
            _inner.Write(buffer, offset, count);
            _position += count;
        }

        public override void Flush() => _inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
