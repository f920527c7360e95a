namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>The buffers one worker reuses for every file it handles, so a copy allocates nothing per file.</summary>
    internal sealed class PackageWorkerBuffers
    {
        private byte[]? _readBack;

        /// <summary>What is read from the source and written to the destination.</summary>
        public byte[] Data { get; } = new byte[PackageFileSystem.BufferSize];

        /// <summary>What the destination gives back for the bytes just written; only copies need it, not planning.</summary>
        public byte[] ReadBack => _readBack ??= new byte[PackageFileSystem.BufferSize];
    }
}
