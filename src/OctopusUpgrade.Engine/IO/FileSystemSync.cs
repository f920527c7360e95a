#if NET
using System;
using System.IO;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// <c>syncfs(2)</c> on the destination's file system: one call makes a whole batch of written files durable, where
    /// <c>fsync</c> per file costs a disk flush per file. Linux only, and only from kernel 5.8, the first whose
    /// <c>syncfs</c> reports write-back errors: an older one returns 0 even when the data never reached the disk. The
    /// descriptor is opened before the first file is written and held for the run, because <c>syncfs</c> reports the
    /// errors that happened since its descriptor was opened: one opened at sync time would miss the error of a page the
    /// kernel had written back on its own before.
    /// </summary>
    internal sealed class FileSystemSync : IFileSystemSync
    {
        private static readonly Version FirstReportingKernel = new(5, 8);

        private readonly int _descriptor;

        private FileSystemSync(int descriptor) => _descriptor = descriptor;

        /// <summary>
        /// A sync of the file system holding <paramref name="folder"/>, or null where there is none and each file is
        /// flushed on its own: not Linux, a kernel before 5.8, a folder that cannot be opened.
        /// </summary>
        public static IFileSystemSync? TryOpen(string folder) => TryOpen(folder, OperatingSystem.IsLinux(), Environment.OSVersion.Version);

        /// <param name="folder">The destination folder.</param>
        /// <param name="isLinux">Whether this is Linux, the only system with <c>syncfs</c>.</param>
        /// <param name="kernel">The running kernel's version.</param>
        internal static IFileSystemSync? TryOpen(string folder, bool isLinux, Version kernel)
        {
            if (!isLinux || kernel < FirstReportingKernel)
            {
                return null;
            }

            var descriptor = LibC.open(folder, LibC.ReadOnly);
            return descriptor == LibC.Failed ? null : new FileSystemSync(descriptor);
        }

        public void Sync()
        {
            // Stryker disable once Block,Statement,String : syncfs on the descriptor this class holds fails only when the disk loses written data (EIO, ENOSPC), which no test here can cause; a failed sync is tested through IFileSystemSync fakes.
            if (LibC.syncfs(_descriptor) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"syncfs reported {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
        }

        public void Dispose() => _ = LibC.close(_descriptor);
    }
}
#endif
