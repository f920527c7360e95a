using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.Security
{
    /// <summary>
    /// DPAPI (CryptProtectData, current user scope) through crypt32 directly: the one seam where Windows protects a saved
    /// secret, without a package that would join the module's dependency layout. Only Windows runs it.
    /// </summary>
    internal static class WindowsDataProtection
    {
        private const int UiForbidden = 0x1;

        public static byte[] ProtectForCurrentUser(byte[] data) => Transform(data, protect: true);

        public static byte[] UnprotectForCurrentUser(byte[] data) => Transform(data, protect: false);

        private static byte[] Transform(byte[] data, bool protect)
        {
            var input = new DataBlob();
            var output = new DataBlob();
            var handle = GCHandle.Alloc(data, GCHandleType.Pinned);
            try
            {
                input.Size = data.Length;
                input.Data = handle.AddrOfPinnedObject();
                var done = protect
                    ? CryptProtectData(ref input, null, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output)
                    : CryptUnprotectData(ref input, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output);
                if (!done)
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }

                var result = new byte[output.Size];
                Marshal.Copy(output.Data, result, 0, output.Size);
                return result;
            }
            finally
            {
                handle.Free();
                if (output.Data != IntPtr.Zero)
                {
                    LocalFree(output.Data);
                }
            }
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct DataBlob
        {
            public int Size;
            public IntPtr Data;
        }

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptProtectData(ref DataBlob dataIn, string? description, IntPtr entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptUnprotectData(ref DataBlob dataIn, IntPtr description, IntPtr entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("kernel32.dll")]
        private static extern IntPtr LocalFree(IntPtr memory);
    }
}
