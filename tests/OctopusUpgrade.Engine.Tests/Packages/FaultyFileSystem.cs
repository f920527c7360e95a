using System;
using System.Collections.Concurrent;
using System.IO;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>
    /// The real file system, with hooks to wrap or replace the streams and the free space it reports, recording in
    /// order every flush to disk, rename into place and folder sync (what a power loss would keep or lose).
    /// </summary>
    internal sealed class FaultyFileSystem : ICopyFileSystem
    {
        private readonly ICopyFileSystem _real = CopyFileSystem.Instance;
        private readonly ConcurrentDictionary<Stream, string> _destinations = new();

        public Func<string, Stream, Stream> Source { get; set; } = (_, stream) => stream;

        public Func<string, Stream, Stream> Destination { get; set; } = (_, stream) => stream;

        public long? FreeSpace { get; set; } = long.MaxValue;

        /// <summary>"flush &lt;file&gt;", "rename &lt;from&gt; &lt;to&gt;" and "sync &lt;folder&gt;", in the order they happened.</summary>
        public ConcurrentQueue<string> DurabilityEvents { get; } = new();

        /// <summary>Called with each folder just before it is synced.</summary>
        public Action<string> BeforeFolderSync { get; set; } = _ => { };

        public Stream OpenSource(string path) => Source(path, _real.OpenSource(path));

        public Stream CreateDestination(string path, long length)
        {
            var stream = Destination(path, _real.CreateDestination(path, length));
            _destinations[stream] = path;
            return stream;
        }

        public void FlushToDisk(Stream destination)
        {
            _real.FlushToDisk(destination);
            _destinations.TryRemove(destination, out var path);
            DurabilityEvents.Enqueue("flush " + path);
        }

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
    }
}
