using System;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// Makes a rename in a folder durable. On Linux and macOS a rename lives in the folder's own data until the
    /// folder is synced: after a power loss the file can come back under its old name, or not at all, though its
    /// content was flushed. Windows has no folder handle to flush: NTFS writes a rename to its metadata log, and
    /// flushing the file's data (<c>Flush(true)</c>, FlushFileBuffers) before the rename is what the caller owes there.
    /// </summary>
    internal static class FolderSync
    {
        private const int ReadOnly = 0;

        /// <summary>Syncs the folder; false where there is nothing to do (Windows) or the file system cannot (some network shares).</summary>
        public static bool Flush(string folder)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return false;
            }

            var descriptor = NativeMethods.open(folder, ReadOnly);
            if (descriptor < 0)
            {
                return false;
            }

            try
            {
                return NativeMethods.fsync(descriptor) == 0;
            }
            finally
            {
                _ = NativeMethods.close(descriptor);
            }
        }

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

            [DllImport("libc", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            public static extern int fsync(int descriptor);

            [DllImport("libc", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            public static extern int close(int descriptor);
        }
    }
}
