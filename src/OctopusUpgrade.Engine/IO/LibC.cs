using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>The few libc calls of Linux and macOS that .NET does not offer: a folder's descriptor to sync, a file opened without .NET's lock, a whole file system synced.</summary>
    internal static class LibC
    {
        public const int ReadOnly = 0;

        /// <summary>What <c>open(2)</c> returns when it fails (and sets errno).</summary>
        public const int Failed = -1;

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int fsync(int descriptor);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int close(int descriptor);

        /// <summary>Linux only: writes every dirty page and inode of the file system holding <paramref name="descriptor"/>.</summary>
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int syncfs(int descriptor);
    }
}
