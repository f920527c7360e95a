using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using OctopusUpgrade.Engine.Packages;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>A source feed and a destination folder under a fresh temporary folder, removed afterwards.</summary>
    internal sealed class TestFeed : IDisposable
    {
        private static readonly DateTime BaseTime = new(2015, 3, 1, 12, 0, 0, DateTimeKind.Utc);

        public TestFeed()
        {
            Root = Path.Combine(Path.GetTempPath(), "ou-packages-" + Guid.NewGuid().ToString("N"));
            Source = Path.Combine(Root, "OctopusServer", "Repository", "Packages");
            Destination = Path.Combine(Root, "Packages", "Spaces-1");
            Directory.CreateDirectory(Source);
        }

        public string Root { get; }

        public string Source { get; }

        public string Destination { get; }

        /// <summary>Writes a source file of <paramref name="length"/> bytes whose content depends on its path.</summary>
        public string AddSource(string relativePath, int length, int seed = 0)
        {
            var path = Path.Combine(Source, relativePath);
            Write(path, length, relativePath.GetHashCode() ^ seed);
            File.SetLastWriteTimeUtc(path, BaseTime.AddMinutes(length % 1000));
            return path;
        }

        /// <summary>Adds <paramref name="count"/> packages of 1 to <paramref name="maxLength"/> bytes in a few id folders.</summary>
        public void AddPackages(int count, int maxLength)
        {
            var random = new Random(count);
            for (var i = 0; i < count; i++)
            {
                AddSource(Path.Combine($"Acme.App{i % 7}", $"Acme.App{i % 7}.1.0.{i}.nupkg"), random.Next(1, maxLength));
            }
        }

        public static void Write(string path, int length, int seed)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
        }

        /// <summary>Relative path → SHA-256 of every file under a folder but the copier's lock file, which stays in a destination.</summary>
        public static IReadOnlyDictionary<string, string> Snapshot(string folder) =>
            !Directory.Exists(folder)
                ? new Dictionary<string, string>()
                : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Where(f => Path.GetFileName(f) != PackageCopier.LockFileName)
                    .ToDictionary(
                        f => Path.GetRelativePath(folder, f),
                        f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))),
                        StringComparer.Ordinal);

        public static string[] PartialFiles(string folder) =>
            Directory.Exists(folder) ? Directory.GetFiles(folder, "*.partial", SearchOption.AllDirectories) : Array.Empty<string>();

        public void AssertDestinationMatchesSource()
        {
            Assert.Equal(
                Snapshot(Source).OrderBy(p => p.Key, StringComparer.Ordinal),
                Snapshot(Destination).OrderBy(p => p.Key, StringComparer.Ordinal));
            foreach (var file in Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(Destination, Path.GetRelativePath(Source, file));
                Assert.Equal(File.GetLastWriteTimeUtc(file), File.GetLastWriteTimeUtc(copy));
            }

            Assert.Empty(PartialFiles(Destination));
        }

        public void Dispose()
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Root, recursive: true);
        }
    }
}
