namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>The buffers one worker reuses for every file it handles, so a copy allocates nothing per file; each is allocated on first use, as planning by metadata needs none.</summary>
    internal sealed class PackageWorkerBuffers
    {
        private byte[]? _data;
        private byte[]? _readBack;

        /// <summary>What is read from a file: the source while copying, either side while hashing.</summary>
        public byte[] Data => _data ??= new byte[PackageFileSystem.BufferSize];

        /// <summary>What the destination gives back for the bytes just written; only copies need it.</summary>
        public byte[] ReadBack => _readBack ??= new byte[PackageFileSystem.BufferSize];
    }
}
