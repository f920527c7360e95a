using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>
    /// The real file system, with hooks to wrap or replace the streams and the free space it reports, recording in
    /// order every partial file closed, flush to disk, file-system sync, rename into place and folder sync (what a
    /// power loss would keep or lose). It commits as on Linux (a file-system sync per batch) unless told to flush each
    /// file (as on Windows and macOS).
    /// </summary>
    internal sealed class FaultyFileSystem : ICopyFileSystem
    {
        private readonly ICopyFileSystem _real = CopyFileSystem.Instance;
        private readonly ConcurrentDictionary<Stream, (string Path, Stream Real)> _destinations = new();

        public Func<string, Stream, Stream> Source { get; set; } = (_, stream) => stream;

        public Func<string, Stream, Stream> Destination { get; set; } = (_, stream) => stream;

        public long? FreeSpace { get; set; } = long.MaxValue;

        /// <summary>
        /// "closed &lt;partial file&gt;", "flush &lt;file&gt;", "syncfs &lt;folder&gt;" (or "syncfs failed"), "rename &lt;from&gt; &lt;to&gt;"
        /// and "sync &lt;folder&gt;", in the order they happened.
        /// </summary>
        public ConcurrentQueue<string> DurabilityEvents { get; } = new();

        /// <summary>Whether the destination's file system can be synced by the batch (Linux); false: each file is flushed (Windows, macOS).</summary>
        public bool SyncsFileSystem { get; set; } = true;

        /// <summary>Called before each file-system sync with its number, from 1; an IOException thrown here is that sync's failure.</summary>
        public Action<int> BeforeFileSystemSync { get; set; } = _ => { };

        /// <summary>Called with each folder just before it is synced.</summary>
        public Action<string> BeforeFolderSync { get; set; } = _ => { };

        public Stream OpenSource(string path) => Source(path, _real.OpenSource(path));

        public Stream CreateDestination(string path, long length, string? modeOf)
        {
            var real = _real.CreateDestination(path, length, modeOf);
            var stream = Destination(path, PartialFile.Is(path) ? new InterceptingStream(real, afterClose: () => DurabilityEvents.Enqueue("closed " + path)) : real);
            _destinations[stream] = (path, real);
            return stream;
        }

        public void FlushToDisk(Stream destination)
        {
            _destinations.TryRemove(destination, out var created);
            _real.FlushToDisk(created.Real);
            DurabilityEvents.Enqueue("flush " + created.Path);
        }

        public IFileSystemSync? OpenFileSystemSync(string folder) =>
            SyncsFileSystem ? new RecordingFileSystemSync(this, folder, _real.OpenFileSystemSync(folder)) : null;

        public void MoveIntoPlace(string source, string destination)
        {
            _real.MoveIntoPlace(source, destination);
            DurabilityEvents.Enqueue("rename " + source + " " + destination);
        }

        public bool SyncFolder(string folder)
        {
            BeforeFolderSync(folder);
            DurabilityEvents.Enqueue("sync " + folder);
            return _real.SyncFolder(folder);
        }

        public long? GetAvailableFreeSpace(string directory) => FreeSpace;

        private sealed class RecordingFileSystemSync : IFileSystemSync
        {
            private readonly FaultyFileSystem _owner;
            private readonly string _folder;
            private readonly IFileSystemSync? _real;
            private int _syncs;

            public RecordingFileSystemSync(FaultyFileSystem owner, string folder, IFileSystemSync? real)
            {
                _owner = owner;
                _folder = folder;
                _real = real;
            }

            public void Sync()
            {
                try
                {
                    _owner.BeforeFileSystemSync(Interlocked.Increment(ref _syncs));
                    _real?.Sync();
                }
                catch (IOException)
                {
                    _owner.DurabilityEvents.Enqueue("syncfs failed");
                    throw;
                }

                _owner.DurabilityEvents.Enqueue("syncfs " + _folder);
            }

            public void Dispose() => _real?.Dispose();
        }
    }
}
