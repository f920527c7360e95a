using System;
using System.IO;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// Replaces a file's content so that a reader sees either the old content or the new, never a torn mix:
    /// the bytes go to a temporary file in the same folder, are flushed to the disk, then renamed over the target,
    /// with write-through on Windows, and the folder is synced elsewhere so the rename itself survives a power loss
    /// (see <see cref="DurableRename"/> and <see cref="FolderSync"/>).
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>
        /// A temporary file this old was left by a process that died mid-write: a write takes milliseconds, and one
        /// still running keeps its own file younger than this.
        /// </summary>
        private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

        /// <param name="path">The file to replace or create.</param>
        /// <param name="write">Writes the new content; the stream is flushed to disk after it returns.</param>
        public static void Write(string path, Action<Stream> write)
        {
            var fullPath = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
            var temporary = Path.Combine(folder, TemporaryPrefix(fullPath) + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    write(stream);

                    // Stryker disable once Statement,Boolean : Flush(true)'s only effect over Dispose's flush is the bytes surviving a power loss, which no test can observe.
                    stream.Flush(flushToDisk: true);
                }

                ReplaceWithRetry(() => DurableRename.Replace(temporary, fullPath), milliseconds => System.Threading.Thread.Sleep(milliseconds));

                // Stryker disable once Statement : the folder sync's only effect is the rename surviving a power loss, which no test can observe; FolderSync's own tests check it syncs.
                FolderSync.Flush(folder);
            }
            finally
            {
                DeleteQuietly(temporary);
            }

            RemoveStaleTemporaryFiles(fullPath, DateTime.UtcNow);
        }

        private static string TemporaryPrefix(string fullPath) => "." + Path.GetFileName(fullPath) + ".";

        /// <summary>Removes <c>.&lt;name&gt;.&lt;guid&gt;.tmp</c> files a crash left beside the file.</summary>
        internal static void RemoveStaleTemporaryFiles(string fullPath, DateTime utcNow)
        {
            var prefix = TemporaryPrefix(fullPath);
            var cutoff = utcNow - StaleAfter;
            foreach (var candidate in Directory.EnumerateFiles(Path.GetDirectoryName(fullPath)!, prefix + "*.tmp"))
            {
                var guid = Path.GetFileName(candidate).Substring(prefix.Length).Replace(".tmp", string.Empty);
                if (guid.Length == 32 && Guid.TryParseExact(guid, "N", out _) && File.GetLastWriteTimeUtc(candidate) < cutoff)
                {
                    DeleteQuietly(candidate);
                }
            }
        }

        /// <summary>
        /// A reader holding the file for a moment (antivirus, backup, someone tailing the journal) makes the rename
        /// fail on Windows with a sharing violation; a few short retries ride that out, pausing a little longer each time.
        /// </summary>
        /// <param name="replace">The rename.</param>
        /// <param name="pause">Waits the given milliseconds between attempts.</param>
        internal static void ReplaceWithRetry(Action replace, Action<int> pause)
        {
            const int attempts = 5;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    replace();
                    return;
                }
                catch (Exception e) when (attempt < attempts && (e is UnauthorizedAccessException || (e is IOException && e is not FileNotFoundException and not DirectoryNotFoundException)))
                {
                    pause(50 * attempt);
                }
            }
        }

        /// <summary>The temporary file goes if it can; failing to delete it must not hide the write's own outcome.</summary>
        private static void DeleteQuietly(string path)
        {
            // Stryker disable once Equality : on Linux File.Delete of a file that File.Exists sees fails only with UnauthorizedAccessException (EACCES, EPERM), and not at all as root; the IOException is Windows' sharing violation.
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind under a dot-name that no reader takes for the journal.
            }
        }

    }
}
