using System;
using System.IO;
using System.Text;

namespace OctopusUpgrade.Engine.Security
{
    /// <summary>
    /// Writes a secret (the Master Key) so that only the current user can read it back: on Windows protected with DPAPI
    /// for the current user (<see cref="WindowsDataProtection"/>), elsewhere in a file created with mode 600, so it is
    /// never readable by others, not even for a moment.
    /// </summary>
    public static class OwnerOnlyFile
    {
        /// <summary>Whether <see cref="WriteSecret"/> protects with DPAPI (Windows) rather than by file mode.</summary>
        public static bool UsesDataProtection => IsWindows;

        private static bool IsWindows =>
#if NET
            OperatingSystem.IsWindows();
#else
            true;
#endif

        public static void WriteSecret(string path, Secret secret)
        {
            if (secret is null)
            {
                throw new ArgumentNullException(nameof(secret));
            }

            var bytes = Encoding.UTF8.GetBytes(secret.Reveal());
            if (IsWindows)
            {
                bytes = WindowsDataProtection.ProtectForCurrentUser(bytes);
            }

            using var stream = Create(path);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        /// <summary>Reads back what <see cref="WriteSecret"/> wrote.</summary>
        public static Secret ReadSecret(string path)
        {
            var bytes = File.ReadAllBytes(path);
            return new Secret(Encoding.UTF8.GetString(IsWindows ? WindowsDataProtection.UnprotectForCurrentUser(bytes) : bytes));
        }

        /// <summary>Creates (or empties) a file only its owner may read or write, for a tool to fill in.</summary>
        public static FileStream Create(string path)
        {
#if NET
            if (!OperatingSystem.IsWindows())
            {
                var stream = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.Create,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });

                // UnixCreateMode applies only to a new file; one that was there keeps its mode unless set again.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                return stream;
            }
#endif
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        }
    }
}
