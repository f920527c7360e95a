using System;
using System.IO;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>
    /// Passes through to a real stream and calls a hook with the file offset of each operation: after a read, with
    /// the caller's buffer (to corrupt what the copier receives); before a write, with a copy of the bytes (to
    /// corrupt what lands on disk without touching the caller's memory, or to fail the write); and once closed (to
    /// change the file behind the writer's back after every check it made while writing). A read limit, given the
    /// offset and the count asked for, caps how much each read returns (0: the stream ends there).
    /// </summary>
    internal sealed class InterceptingStream : Stream
    {
        private readonly Stream _inner;
        private readonly Action<byte[], int, int, long>? _afterRead;
        private readonly Action<byte[], long>? _beforeWrite;
        private readonly Action? _afterClose;
        private readonly Func<long, int, int>? _limitRead;

        public InterceptingStream(Stream inner, Action<byte[], int, int, long>? afterRead = null, Action<byte[], long>? beforeWrite = null, Action? afterClose = null, Func<long, int, int>? limitRead = null)
        {
            _inner = inner;
            _afterRead = afterRead;
            _beforeWrite = beforeWrite;
            _afterClose = afterClose;
            _limitRead = limitRead;
        }

        public override bool CanRead => _inner.CanRead;

        public override bool CanSeek => _inner.CanSeek;

        public override bool CanWrite => _inner.CanWrite;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var position = _inner.Position;
            var read = _inner.Read(buffer, offset, _limitRead?.Invoke(position, count) ?? count);
            _afterRead?.Invoke(buffer, offset, read, position);
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var bytes = buffer.AsSpan(offset, count).ToArray();
            _beforeWrite?.Invoke(bytes, _inner.Position);
            _inner.Write(bytes, 0, count);
        }

        public override void Flush() => _inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => _inner.SetLength(value);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _afterClose?.Invoke();
            }

            base.Dispose(disposing);
        }
    }
}
