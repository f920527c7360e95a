using System.IO;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// The few file-system calls whose failures the copy must survive (an unreadable source, a failing write, a
    /// full disk) and whose order makes a copy durable (data flushed, by file or by file system, then renamed, then the folder synced), behind a
    /// seam so tests can make them fail exactly where they want and record the order they came in.
    /// </summary>
    internal interface ICopyFileSystem
    {
        Stream OpenSource(string path);

        /// <summary>
        /// Creates a new file for reading and writing (each chunk written is read back), failing if it exists, with
        /// room reserved for <paramref name="length"/> bytes. On Unix, with <paramref name="modeOf"/>, the file is
        /// created no more open than that file: the narrower of its mode and the mode new files get (umask), set by
        /// the create itself, so there is no moment when the new file is more open than its source.
        /// </summary>
        Stream CreateDestination(string path, long length, string? modeOf);

        /// <summary>
        /// A handle that makes everything written to <paramref name="folder"/>'s file system durable in one call, opened
        /// before the first file is written; or null where there is none, and then each file is flushed by <see cref="FlushToDisk"/>.
        /// </summary>
        IFileSystemSync? OpenFileSystemSync(string folder);

        /// <summary>Puts a written file's data on the disk (fsync, FlushFileBuffers): a rename must never name bytes still in a cache.</summary>
        void FlushToDisk(Stream destination);

        /// <summary>Renames a flushed file over <paramref name="destination"/> (see <see cref="DurableRename"/>).</summary>
        void MoveIntoPlace(string source, string destination);

        /// <summary>Makes the renames in a folder durable (see <see cref="FolderSync"/>); false where that cannot be done.</summary>
        bool SyncFolder(string folder);

        /// <summary>Free bytes available to this user on the volume holding <paramref name="directory"/>, or null if unknown.</summary>
        long? GetAvailableFreeSpace(string directory);
    }
}
