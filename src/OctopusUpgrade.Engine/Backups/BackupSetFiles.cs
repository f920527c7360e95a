using System;
using System.IO;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Journal;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>Reading and writing a backup set's manifest, and hashing its files.</summary>
    public static class BackupSetFiles
    {
        private static readonly JsonSerializerSettings Settings = new()
        {
            Formatting = Formatting.Indented,
            Converters = { new StringEnumConverter(), new JournalVersionConverter() },
        };

        /// <summary>SHA-256 of a file as lowercase hex.</summary>
        public static string Sha256(string path, CancellationToken cancellationToken)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            var hash = FileHasher.Hash(stream, new byte[81920], cancellationToken);
            return BitConverter.ToString(hash).Replace("-", string.Empty).ToLowerInvariant();
        }

        /// <summary>A manifest item for a file in the set's folder, hashed now.</summary>
        public static BackupManifestItem Describe(BackupKind kind, string setFolder, string path, bool verified, CancellationToken cancellationToken) =>
            new(kind, Relative(setFolder, path), new FileInfo(path).Length, Sha256(path, cancellationToken)) { Verified = verified };

        public static string Write(string setFolder, BackupManifest manifest)
        {
            var path = Path.Combine(setFolder, BackupManifest.FileName);
            var json = System.Text.Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(manifest, Settings));
            AtomicFile.Write(path, stream => stream.Write(json, 0, json.Length));
            return path;
        }

        /// <summary>Reads a manifest (the file, or the folder holding it).</summary>
        /// <exception cref="OctopusUpgradeException"><see cref="BackupErrorIds.ManifestInvalid"/>.</exception>
        public static BackupManifest Read(string path)
        {
            var file = Directory.Exists(path) ? Path.Combine(path, BackupManifest.FileName) : path;
            try
            {
                var manifest = JsonConvert.DeserializeObject<BackupManifest>(File.ReadAllText(file), Settings);
                if (manifest is null || manifest.FormatVersion != BackupManifest.CurrentFormatVersion)
                {
                    throw Invalid(file, $"it is not a version {BackupManifest.CurrentFormatVersion} backup manifest");
                }

                return manifest;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                throw Invalid(file, e.Message, e);
            }
        }

        /// <summary>Where a manifest item's file is: relative to the manifest's folder.</summary>
        public static string Locate(string manifestPath, BackupManifestItem item)
        {
            var folder = Directory.Exists(manifestPath) ? manifestPath : Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
            return Path.GetFullPath(Path.Combine(folder, item.File));
        }

        private static string Relative(string folder, string path)
        {
            var prefix = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(path);
            return full.StartsWith(prefix, StringComparison.Ordinal) ? full.Substring(prefix.Length) : full;
        }

        private static OctopusUpgradeException Invalid(string file, string why, Exception? inner = null) =>
            new(BackupErrorIds.ManifestInvalid, FailureCategory.InvalidData, $"'{file}' cannot be used as a backup manifest: {why}.", file, inner);
    }
}
