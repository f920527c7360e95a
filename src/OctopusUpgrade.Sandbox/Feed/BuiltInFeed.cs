using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The built-in package feed. Files live in the home folder; the API reports the server's <i>index</i>, which only
    /// catches up with the disk when a re-index runs (on service start, or by task on versions that offer one). Indexing
    /// walks the files one by one over simulated time, so its duration scales with the package count. It walks the whole
    /// tree under each space's folder, as the real layouts need: 2.6 keeps each package in an <c>&lt;Id&gt;\</c> sub-folder of
    /// <c>Repository\Packages</c>, and a feed copied over keeps that shape; from 2019.1 each space has its own folder.
    /// </summary>
    public sealed class BuiltInFeed
    {
        private readonly Estate _estate;
        private readonly HomeFolder _home;
        private readonly List<FeedPackage> _index = [];
        private List<(string SpaceId, string File, DateTimeOffset Due)> _pending = [];
        private DateTimeOffset _indexingEnds;

        internal BuiltInFeed(Estate estate, HomeFolder home)
        {
            _estate = estate;
            _home = home;
        }

        /// <summary>Whether a re-index is under way.</summary>
        public bool IsIndexing => _estate.Read(() => { Refresh(); return _pending.Count > 0 || _estate.Clock.GetUtcNow() < _indexingEnds; });

        /// <summary>Folder holding a space's package files (null: the default space).</summary>
        public string PackagesPath(string? spaceId = null) => _home.PackagesFor(spaceId ?? _estate.DefaultSpaceId);

        /// <summary>The index of a space (null: the default space), as the API reports it.</summary>
        public IReadOnlyList<FeedPackage> Index(string? spaceId = null)
        {
            var space = spaceId ?? _estate.DefaultSpaceId;
            return _estate.Read(() =>
            {
                Refresh();
                return _index.Where(p => p.SpaceId == space).ToList();
            });
        }

        /// <summary>
        /// Writes a package file to disk without indexing it (as a copy by hand would) and returns its path; in an
        /// <c>&lt;Id&gt;</c> sub-folder of the space's folder when <paramref name="inIdFolder"/>, as the 2.6 layout keeps it.
        /// </summary>
        public string AddPackageFile(string packageId, string version, string? spaceId = null, bool inIdFolder = false) =>
            NupkgWriter.Write(inIdFolder ? Path.Combine(PackagesPath(spaceId), packageId) : PackagesPath(spaceId), packageId, version);

        /// <summary>Starts re-indexing every space's folder from disk; returns when the index will be complete (simulated time).</summary>
        public DateTimeOffset Reindex() => _estate.Read(() =>
        {
            var now = _estate.Clock.GetUtcNow();
            var perPackage = TimeSpan.FromSeconds(_estate.Durations.IndexPerPackageSeconds);
            var files = _estate.SpaceList
                .SelectMany(s => Directory.Exists(_home.PackagesFor(s.Id))
                    ? PackageFilesUnder(_home.PackagesFor(s.Id)).Select(f => (s.Id, f))
                    : [])
                .ToList();
            _pending = files.Select((f, i) => (f.Id, f.f, now + perPackage * (i + 1))).ToList();
            _indexingEnds = now + perPackage * files.Count;
            var onDisk = files.Select(f => f.f).ToHashSet(StringComparer.Ordinal);
            _index.RemoveAll(p => !onDisk.Contains(p.FilePath));
            _home.AppendLog(now.ToString("O") + " INFO Re-indexing the built-in package repository: " + files.Count + " files");
            return _indexingEnds;
        });

        /// <summary>
        /// Moves package files from the repository root (sub-folders included) into a space's folder, keeping their
        /// index entries, as the 2019.1 upgrade does when it creates the default space. Call under the estate lock.
        /// </summary>
        internal void MoveIntoSpaceFolder(string spaceId)
        {
            var target = _home.PackagesFor(spaceId);
            Directory.CreateDirectory(target);
            foreach (var file in PackageFilesUnder(_home.PackagesRoot).Where(f => !f.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                var moved = Path.Combine(target, Path.GetRelativePath(_home.PackagesRoot, file));
                Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
                File.Move(file, moved, overwrite: true);
                var entry = _index.FindIndex(p => p.FilePath == file);
                if (entry >= 0)
                {
                    _index[entry] = _index[entry] with { FilePath = moved };
                }
            }
        }

        private static IEnumerable<string> PackageFilesUnder(string folder) =>
            Directory.EnumerateFiles(folder, "*.nupkg", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

        /// <summary>Writes the described packages to disk and indexes those marked <see cref="PackageDescription.Indexed"/>.</summary>
        internal void Seed(IEnumerable<(string SpaceId, PackageDescription Package)> packages)
        {
            foreach (var (spaceId, package) in packages)
            {
                var path = NupkgWriter.Write(PackagesPath(spaceId), package.Id, package.Version);
                if (package.Indexed)
                {
                    AddToIndex(spaceId, path);
                }
            }
        }

        /// <summary>
        /// Stores an uploaded package (<c>POST /api/packages/raw</c>) under its nuspec identity and indexes it at once, as an
        /// upload does. Returns the package, or why it was refused (not a package; already there and <paramref name="replace"/>
        /// not set). Call under the estate lock.
        /// </summary>
        internal (FeedPackage? Package, string Error) Upload(string spaceId, byte[] content, bool replace)
        {
            var folder = PackagesPath(spaceId);
            Directory.CreateDirectory(folder);
            var upload = Path.Combine(folder, ".upload-" + Guid.NewGuid().ToString("N") + ".tmp");
            File.WriteAllBytes(upload, content);
            if (ReadNuspec(upload) is not { } identity)
            {
                File.Delete(upload);
                return (null, "The uploaded file is not a NuGet package (no .nuspec at its root).");
            }

            var existing = _index.FirstOrDefault(p => p.SpaceId == spaceId && string.Equals(p.PackageId, identity.Id, StringComparison.OrdinalIgnoreCase) && p.Version == identity.Version);
            if (existing is not null && !replace)
            {
                File.Delete(upload);
                return (null, "The package " + identity.Id + " version " + identity.Version + " already exists in the built-in feed; upload with replace to overwrite it.");
            }

            var target = Path.Combine(folder, identity.Id + "." + identity.Version + ".nupkg");
            File.Move(upload, target, overwrite: true);
            _index.RemoveAll(p => p.FilePath == target || p == existing);
            AddToIndex(spaceId, target);
            return (_index[^1], "");
        }

        /// <summary>Moves due files from the pending scan into the index; call under the estate lock.</summary>
        internal void Refresh()
        {
            var now = _estate.Clock.GetUtcNow();
            var due = _pending.TakeWhile(p => p.Due <= now).ToList();
            _pending.RemoveRange(0, due.Count);
            foreach (var (spaceId, file, _) in due)
            {
                _index.RemoveAll(p => p.FilePath == file);
                AddToIndex(spaceId, file);
            }
        }

        private void AddToIndex(string spaceId, string file)
        {
            if (!File.Exists(file) || ReadNuspec(file) is not { } identity)
            {
                _home.AppendLog("WARN Skipped " + Path.GetFileName(file) + ": not a readable NuGet package");
                return;
            }

            var bytes = File.ReadAllBytes(file);
            _index.Add(new FeedPackage(spaceId, identity.Id, identity.Version, file, bytes.LongLength,
                Convert.ToHexString(SHA1.HashData(bytes)).ToLowerInvariant(), _estate.Clock.GetUtcNow()));
        }

        // The indexer trusts the nuspec inside the package, not the file name, as NuGet servers do.
        private static (string Id, string Version)? ReadNuspec(string file)
        {
            try
            {
                using var zip = ZipFile.OpenRead(file);
                var entry = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.Name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
                if (entry is null)
                {
                    return null;
                }

                using var stream = entry.Open();
                var metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
                var id = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "id")?.Value;
                var version = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "version")?.Value;
                return id is null || version is null ? null : (id, version);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException)
            {
                return null;
            }
        }
    }
}
