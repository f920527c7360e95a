using System.ComponentModel;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>
    /// A named pipe (FIFO) made where a test wants a file that is not one: it lists with length 0, opens for reading and
    /// writing like a file, blocks a reader with no writer, and cannot be truncated. Unix only.
    /// </summary>
    internal static class NamedPipe
    {
        public static void Create(string path)
        {
            if (mkfifo(path, 0x180 /* 0600 */) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"mkfifo '{path}'");
            }
        }

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
    }
}
