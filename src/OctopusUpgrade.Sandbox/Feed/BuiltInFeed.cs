using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace OctopusUpgrade.Sandbox;

/// <summary>
/// The built-in package feed. Files live in the home folder; the API reports the server's <i>index</i>, which only
/// catches up with the disk when a re-index runs (on service start, or by task on versions that offer one). Indexing
/// walks the files one by one over simulated time, so its duration scales with the package count. It walks the whole
/// tree under each space's folder, as the real layouts need: 2.6 keeps each package in an <c>&lt;Id&gt;\</c> sub-folder of
/// <c>Repository\Packages</c>, and a feed copied over keeps that shape; from 2019.1 each space has its own folder.
/// </summary>
public sealed class BuiltInFeed
{
    private readonly Estate estate;
    private readonly HomeFolder home;
    private readonly List<FeedPackage> index = [];
    private List<(string SpaceId, string File, DateTimeOffset Due)> pending = [];
    private DateTimeOffset indexingEnds;

    internal BuiltInFeed(Estate estate, HomeFolder home)
    {
        this.estate = estate;
        this.home = home;
    }

    /// <summary>Whether a re-index is under way.</summary>
    public bool IsIndexing => estate.Read(() => { Refresh(); return pending.Count > 0 || estate.Clock.GetUtcNow() < indexingEnds; });

    /// <summary>Folder holding a space's package files (null: the default space).</summary>
    public string PackagesPath(string? spaceId = null) => home.PackagesFor(spaceId ?? estate.DefaultSpaceId);

    /// <summary>The index of a space (null: the default space), as the API reports it.</summary>
    public IReadOnlyList<FeedPackage> Index(string? spaceId = null)
    {
        var space = spaceId ?? estate.DefaultSpaceId;
        return estate.Read(() =>
        {
            Refresh();
            return index.Where(p => p.SpaceId == space).ToList();
        });
    }

    /// <summary>
    /// Writes a package file to disk without indexing it (as a copy by hand would) and returns its path; in an
    /// <c>&lt;Id&gt;</c> sub-folder of the space's folder when <paramref name="inIdFolder"/>, as the 2.6 layout keeps it.
    /// </summary>
    public string AddPackageFile(string packageId, string version, string? spaceId = null, bool inIdFolder = false) =>
        NupkgWriter.Write(inIdFolder ? Path.Combine(PackagesPath(spaceId), packageId) : PackagesPath(spaceId), packageId, version);

    /// <summary>Starts re-indexing every space's folder from disk; returns when the index will be complete (simulated time).</summary>
    public DateTimeOffset Reindex() => estate.Read(() =>
    {
        var now = estate.Clock.GetUtcNow();
        var perPackage = TimeSpan.FromSeconds(estate.Durations.IndexPerPackageSeconds);
        var files = estate.SpaceList
            .SelectMany(s => Directory.Exists(home.PackagesFor(s.Id))
                ? PackageFilesUnder(home.PackagesFor(s.Id)).Select(f => (s.Id, f))
                : [])
            .ToList();
        pending = files.Select((f, i) => (f.Id, f.f, now + perPackage * (i + 1))).ToList();
        indexingEnds = now + perPackage * files.Count;
        var onDisk = files.Select(f => f.f).ToHashSet(StringComparer.Ordinal);
        index.RemoveAll(p => !onDisk.Contains(p.FilePath));
        home.AppendLog(now.ToString("O") + " INFO Re-indexing the built-in package repository: " + files.Count + " files");
        return indexingEnds;
    });

    /// <summary>
    /// Moves package files from the repository root (sub-folders included) into a space's folder, keeping their
    /// index entries, as the 2019.1 upgrade does when it creates the default space. Call under the estate lock.
    /// </summary>
    internal void MoveIntoSpaceFolder(string spaceId)
    {
        var target = home.PackagesFor(spaceId);
        Directory.CreateDirectory(target);
        foreach (var file in PackageFilesUnder(home.PackagesRoot).Where(f => !f.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            var moved = Path.Combine(target, Path.GetRelativePath(home.PackagesRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
            File.Move(file, moved, overwrite: true);
            var entry = index.FindIndex(p => p.FilePath == file);
            if (entry >= 0)
            {
                index[entry] = index[entry] with { FilePath = moved };
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

    /// <summary>Moves due files from the pending scan into the index; call under the estate lock.</summary>
    internal void Refresh()
    {
        var now = estate.Clock.GetUtcNow();
        var due = pending.TakeWhile(p => p.Due <= now).ToList();
        pending.RemoveRange(0, due.Count);
        foreach (var (spaceId, file, _) in due)
        {
            index.RemoveAll(p => p.FilePath == file);
            AddToIndex(spaceId, file);
        }
    }

    private void AddToIndex(string spaceId, string file)
    {
        if (!File.Exists(file) || ReadNuspec(file) is not { } identity)
        {
            home.AppendLog("WARN Skipped " + Path.GetFileName(file) + ": not a readable NuGet package");
            return;
        }

        var bytes = File.ReadAllBytes(file);
        index.Add(new FeedPackage(spaceId, identity.Id, identity.Version, file, bytes.LongLength,
            Convert.ToHexString(SHA1.HashData(bytes)).ToLowerInvariant(), estate.Clock.GetUtcNow()));
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
