using System;
using System.IO;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// Replaces a file's content so that a reader sees either the old content or the new, never a torn mix:
    /// the bytes go to a temporary file in the same folder, are flushed to the disk, then renamed over the target.
    /// </summary>
    public static class AtomicFile
    {
        /// <param name="path">The file to replace or create.</param>
        /// <param name="write">Writes the new content; the stream is flushed to disk after it returns.</param>
        public static void Write(string path, Action<Stream> write)
        {
            var fullPath = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
            var temporary = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }

                ReplaceWithRetry(temporary, fullPath);
            }
            finally
            {
                DeleteQuietly(temporary);
            }
        }

        /// <summary>
        /// A reader holding the file for a moment (antivirus, backup, someone tailing the journal) makes the rename
        /// fail on Windows with a sharing violation; a few short retries ride that out.
        /// </summary>
        private static void ReplaceWithRetry(string source, string destination)
        {
            const int attempts = 5;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Replace(source, destination);
                    return;
                }
                catch (Exception e) when (attempt < attempts && (e is UnauthorizedAccessException || (e is IOException && e is not FileNotFoundException and not DirectoryNotFoundException)))
                {
                    System.Threading.Thread.Sleep(50 * attempt);
                }
            }
        }

        /// <summary>The temporary file goes if it can; failing to delete it must not hide the write's own outcome.</summary>
        private static void DeleteQuietly(string path)
        {
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

        private static void Replace(string source, string destination)
        {
#if NET
            File.Move(source, destination, overwrite: true);
#else
            if (File.Exists(destination))
            {
                File.Replace(source, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(source, destination);
            }
#endif
        }
    }
}
