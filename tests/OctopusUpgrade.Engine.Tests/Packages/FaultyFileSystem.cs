using System;
using System.IO;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Packages;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>The real file system, with hooks to wrap or replace the streams and the free space it reports.</summary>
    internal sealed class FaultyFileSystem : ICopyFileSystem
    {
        private readonly ICopyFileSystem _real = CopyFileSystem.Instance;

        public Func<string, Stream, Stream> Source { get; set; } = (_, stream) => stream;

        public Func<string, Stream, Stream> Destination { get; set; } = (_, stream) => stream;

        public long? FreeSpace { get; set; } = long.MaxValue;

        public Stream OpenSource(string path) => Source(path, _real.OpenSource(path));

        public Stream CreateDestination(string path, long length) => Destination(path, _real.CreateDestination(path, length));

        public long? GetAvailableFreeSpace(string directory) => FreeSpace;
    }
}
