using System;
using System.IO;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>The real file system, tuned for copying large files once, front to back.</summary>
    internal sealed class CopyFileSystem : ICopyFileSystem
    {
        public static readonly CopyFileSystem Instance = new();

        /// <summary>
        /// One buffer per worker: 1 MiB amortises each system call and hash call over enough bytes that neither
        /// shows in a profile, while four workers stay a few MB of memory.
        /// </summary>
        public const int BufferSize = 1 << 20;

        private const long ClusterSize = 4096;

#if NET
        /// <summary>The mode new files are created with before the umask, as .NET and most tools create them.</summary>
        private const UnixFileMode NewFileMode =
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
#endif

        private CopyFileSystem()
        {
        }

        /// <summary>The space a file takes on a volume of 4 KiB clusters, the default of NTFS and ext4.</summary>
        public static long AllocatedSize(long length) => (length + ClusterSize - 1) / ClusterSize * ClusterSize;

        // Buffer size 1 turns off FileStream's own buffer on both frameworks: reads and writes go straight from the
        // worker's buffer to the system call.
        public Stream OpenSource(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

        public Stream CreateDestination(string path, long length, string? modeOf)
        {
#if NET
            // fallocate on Linux, a reserved allocation on Windows: the file is laid out in one piece and a full
            // volume is found before the first byte of this file is written.
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                BufferSize = 0,
                PreallocationSize = length,
            };
            if (modeOf is not null && !OperatingSystem.IsWindows())
            {
                // open(2) applies the umask to this mode. Execute, set-id and sticky bits are not carried: new files
                // get none of them by default (0666 before the umask).
                options.UnixCreateMode = File.GetUnixFileMode(modeOf) & NewFileMode;
            }

            return new FileStream(path, options);
#else
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            try
            {
                stream.SetLength(length);
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
#endif
        }

        // The destination is always a stream CreateDestination returned.
        // Stryker disable once Statement,Boolean : fsync's only effect is surviving a power loss; the flush's place before the rename is tested through ICopyFileSystem
        public void FlushToDisk(Stream destination) => ((FileStream)destination).Flush(flushToDisk: true);

        public void MoveIntoPlace(string source, string destination) => DurableRename.Replace(source, destination);

        public bool SyncFolder(string folder) => FolderSync.Flush(folder);

        /// <summary>
        /// The one place the commit strategy is chosen. Linux (.NET 8) syncs the file system once per batch of files;
        /// everywhere else each file is flushed before its rename: on Windows flushing a volume needs administrator
        /// rights, macOS has no syncfs (an fsync per file is its way), and .NET Framework runs only on Windows.
        /// </summary>
        public IFileSystemSync? OpenFileSystemSync(string folder) =>
#if NET
            FileSystemSync.TryOpen(folder);
#else
            null;
#endif

        public long? GetAvailableFreeSpace(string directory)
        {
            // Stryker disable once all : on Linux DriveInfo refuses a null or empty name with an ArgumentException, caught below, so the answer is the same null; on Windows GetDiskFreeSpaceEx would answer for the current drive
            if (NearestExistingDirectory(directory) is not { Length: > 0 } existing)
            {
                return null;
            }

            try
            {
                // Stryker disable once all : Windows only; the score is measured on Linux
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    // Unlike DriveInfo this answers for UNC paths and volume mount points and honours disk quotas.
                    return NativeMethods.GetDiskFreeSpaceEx(existing, out var available, out _, out _) ? (long)available : null;
                }

                // A pseudo file system (/proc, /sys) reports a size of 0 and so "0 bytes free": that is no reading.
                var drive = new DriveInfo(existing);
                return drive.TotalSize > 0 ? drive.AvailableFreeSpace : null;
            }
            // Stryker disable once all : statfs fails on a folder stat just found only if it is removed in between or its file system fails, which no test can cause at will
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>The directory itself or its nearest existing parent; null or empty if none exists.</summary>
        private static string? NearestExistingDirectory(string directory)
        {
            var current = directory;
            while (!string.IsNullOrEmpty(current) && !Directory.Exists(current))
            {
                current = Path.GetDirectoryName(current);
            }

            return current;
        }

        private static class NativeMethods
        {
            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "GetDiskFreeSpaceExW")]
            [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool GetDiskFreeSpaceEx(string directoryName, out ulong freeBytesAvailable, out ulong totalBytes, out ulong totalFreeBytes);
        }
    }
}
