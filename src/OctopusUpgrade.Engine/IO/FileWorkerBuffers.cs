namespace OctopusUpgrade.Engine.IO
{
    /// <summary>The buffers one worker reuses for every file it handles, so a copy allocates nothing per file; each is allocated on first use, as planning by metadata needs none.</summary>
    internal sealed class FileWorkerBuffers
    {
        private byte[]? _data;
        private byte[]? _readBack;

        /// <summary>What is read from a file: the source while copying, either side while hashing.</summary>
        public byte[] Data => _data ??= new byte[CopyFileSystem.BufferSize];

        /// <summary>What the destination gives back for the bytes just written; only copies need it.</summary>
        public byte[] ReadBack => _readBack ??= new byte[CopyFileSystem.BufferSize];
    }
}
