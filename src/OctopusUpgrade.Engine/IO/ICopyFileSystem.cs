using System.IO;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// The few file-system calls whose failures the copy must survive (an unreadable source, a failing write, a
    /// full disk), behind a seam so tests can make them fail exactly where they want.
    /// </summary>
    internal interface ICopyFileSystem
    {
        Stream OpenSource(string path);

        /// <summary>
        /// Creates a new file for reading and writing (each chunk written is read back), failing if it exists, with
        /// room reserved for <paramref name="length"/> bytes.
        /// </summary>
        Stream CreateDestination(string path, long length);

        /// <summary>Free bytes available to this user on the volume holding <paramref name="directory"/>, or null if unknown.</summary>
        long? GetAvailableFreeSpace(string directory);
    }
}
