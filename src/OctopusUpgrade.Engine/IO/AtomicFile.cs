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

                Replace(temporary, fullPath);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
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
