using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Decides, without writing anything, what a copy of the feed will do with each file. Running it alone is
    /// <c>-WhatIf</c>; its plan is what <see cref="PackageCopier"/> executes.
    /// </summary>
    public sealed class PackageCopyPlanner
    {
        /// <summary>
        /// FAT and some SMB servers keep last-write times to 2 seconds; a closer match than that is a match. Packages
        /// are immutable per id and version, so a same-size file rewritten within 2 s is not a case to design for;
        /// <see cref="PackageVerifyMode.Full"/> trusts no metadata at all.
        /// </summary>
        private static readonly TimeSpan TimestampTolerance = TimeSpan.FromSeconds(2);

        private readonly ICopyFileSystem _fileSystem;

        public PackageCopyPlanner()
            : this(CopyFileSystem.Instance)
        {
        }

        internal PackageCopyPlanner(ICopyFileSystem fileSystem)
        {
            _fileSystem = fileSystem;
        }

        /// <exception cref="OctopusUpgradeException">
        /// <c>PackageCopyPathNotAbsolute</c>, <c>PackageCopySamePath</c>, <c>PackageCopyPathsOverlap</c>,
        /// <c>PackageCopySourceNotFound</c> or <c>PackageCopySourceUnreadable</c>.
        /// </exception>
        public async Task<PackageCopyPlan> CreatePlanAsync(PackageCopyRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var source = FilePaths.Normalise(request.SourcePath, "source", PackageErrorIds.CopyPathNotAbsolute);
            var destination = FilePaths.Normalise(request.DestinationPath, "destination", PackageErrorIds.CopyPathNotAbsolute);
            RefuseOverlap(source, destination);
            RefuseFileAsDestination(destination);
            if (!Directory.Exists(source))
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopySourceNotFound,
                    FailureCategory.ObjectNotFound,
                    $"The package folder '{source}' does not exist. Check the path of the old server's built-in feed.",
                    source);
            }

            var skipped = new ConcurrentQueue<string>();
            var (files, partialFiles) = await PlanFilesAsync(source, destination, request, skipped, cancellationToken).ConfigureAwait(false);
            return new PackageCopyPlan(request, source, destination, files, partialFiles, _fileSystem.GetAvailableFreeSpace(destination), skipped.OrderBy(e => e, StringComparer.Ordinal).ToList());
        }

        /// <summary>A destination (or a folder on its way) that is a file would fail every file the same way: once, up front.</summary>
        private static void RefuseFileAsDestination(string destination)
        {
            for (var path = destination; !string.IsNullOrEmpty(path) && !Directory.Exists(path); path = Path.GetDirectoryName(path))
            {
                if (File.Exists(path))
                {
                    throw new OctopusUpgradeException(
                        PackageErrorIds.CopyDestinationIsFile,
                        FailureCategory.InvalidArgument,
                        $"The destination '{destination}' cannot be a folder: '{path}' is a file. Give the new server's packages folder; nothing was copied.",
                        destination);
                }
            }
        }

        /// <summary>
        /// Compared as the file system reaches them: a destination that is a link to the source, or reached through one,
        /// is the source (on Windows without regard to case).
        /// </summary>
        private static void RefuseOverlap(string givenSource, string givenDestination)
        {
            var source = FilePaths.Resolve(givenSource);
            var destination = FilePaths.Resolve(givenDestination);
            if (FilePaths.AreSame(source, destination))
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopySamePath,
                    FailureCategory.InvalidArgument,
                    $"The source and destination are the same folder '{source}'{(FilePaths.AreSame(givenDestination, destination) ? string.Empty : $" (the destination '{givenDestination}' leads there)")}; the packages must go to the new server's packages folder.",
                    destination);
            }

            if (FilePaths.IsInside(destination, source) || FilePaths.IsInside(source, destination))
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopyPathsOverlap,
                    FailureCategory.InvalidArgument,
                    $"The destination '{destination}' and the source '{source}' overlap (one lies inside the other); a copy would copy its own output. Choose folders apart.",
                    destination);
            }
        }

        /// <summary>
        /// Planning is waiting: on directory reads and on a stat of each file on both sides (with Full, on reading
        /// both). So the work is spread over the workers: each package folder of the feed (listed, decided, and its
        /// destination twin searched for partial files) or each file at the feed's top level is one item, and a
        /// re-run over a finished copy waits on many small reads at once instead of on each in turn.
        /// </summary>
        private async Task<(PackageFilePlan[] Files, IReadOnlyList<string> PartialFiles)> PlanFilesAsync(
            string source,
            string destination,
            PackageCopyRequest request,
            ConcurrentQueue<string> skipped,
            CancellationToken cancellationToken)
        {
            var (folders, topFiles) = Listed(source, () => SourceEntries(new DirectoryInfo(source), skipped));
            var planned = new PackageFilePlan[folders.Length + topFiles.Length][];
            var partial = new IReadOnlyList<string>[folders.Length + 1];
            partial[folders.Length] = PartialFilesIn(destination, SearchOption.TopDirectoryOnly);
            await FileWorkers.RunAsync(
                planned.Length,
                request.EffectiveParallelism,
                (i, buffers) =>
                {
                    if (i >= folders.Length)
                    {
                        planned[i] = new[] { Decide(source, topFiles[i - folders.Length], destination, request.VerifyMode, buffers, cancellationToken) };
                        return;
                    }

                    var files = Listed(folders[i].FullName, () => SourceFilesUnder(folders[i], skipped));
                    planned[i] = files.Select(file => Decide(source, file, destination, request.VerifyMode, buffers, cancellationToken)).ToArray();
                    partial[i] = PartialFilesIn(Path.Combine(destination, folders[i].Name), SearchOption.AllDirectories);
                },
                cancellationToken).ConfigureAwait(false);

            var all = planned.SelectMany(files => files).ToArray();
            Array.Sort(all, (first, second) => string.CompareOrdinal(first.RelativePath, second.RelativePath));
            return (all, partial.SelectMany(files => files).ToList());
        }

        /// <summary>Every regular file below <paramref name="folder"/>, walked without following a link.</summary>
        private static FileInfo[] SourceFilesUnder(DirectoryInfo folder, ConcurrentQueue<string> skipped)
        {
            var files = new List<FileInfo>();
            var pending = new Stack<DirectoryInfo>();
            pending.Push(folder);
            while (pending.Count > 0)
            {
                var (folders, here) = SourceEntries(pending.Pop(), skipped);
                files.AddRange(here);
                foreach (var inner in folders)
                {
                    pending.Push(inner);
                }
            }

            return files.ToArray();
        }

        /// <summary>
        /// The folders and regular files directly in <paramref name="folder"/>. A link or junction (a reparse point) is
        /// reported and never followed, file or folder: it can lead out of the feed (a private key, /dev/zero) or round
        /// in a loop. (A FIFO or a device lists as an empty file: the copier never opens an empty file, so neither blocks.)
        /// </summary>
        private static (DirectoryInfo[] Folders, FileInfo[] Files) SourceEntries(DirectoryInfo folder, ConcurrentQueue<string> skipped)
        {
            var folders = new List<DirectoryInfo>();
            var files = new List<FileInfo>();
            foreach (var entry in folder.EnumerateFileSystemInfos())
            {
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    skipped.Enqueue($"'{entry.FullName}' is a link or junction; it was not followed.");
                }
                else if (entry is DirectoryInfo inner)
                {
                    folders.Add(inner);
                }
                else if (entry is FileInfo file && !PartialFile.Is(file.FullName) && !PackageCopier.IsCopierFile(file.Name))
                {
                    files.Add(file);
                }
            }

            return (folders.ToArray(), files.ToArray());
        }

        private static T Listed<T>(string folder, Func<T> list)
        {
            try
            {
                return list();
            }
            // Stryker disable once all : a listing fails only for a folder this account may not read, and root (which measures the score here) reads every one, or for a folder removed mid-listing, a race no test can cause at will
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopySourceUnreadable,
                    FailureCategory.ReadError,
                    $"The package folder '{folder}' cannot be listed: {e.Message}",
                    folder,
                    e);
            }
        }

        private PackageFilePlan Decide(
            string sourceRoot,
            FileInfo source,
            string destinationRoot,
            PackageVerifyMode verifyMode,
            FileWorkerBuffers buffers,
            CancellationToken cancellationToken)
        {
            var relativePath = source.FullName.Substring(sourceRoot.Length + 1);
            var destinationPath = Path.Combine(destinationRoot, relativePath);
            var destination = new FileInfo(destinationPath);
            var plan = new PackageFilePlan(
                relativePath,
                source.FullName,
                destinationPath,
                source.Length,
                source.LastWriteTimeUtc,
                PackageCopyAction.Copy,
                PackageCopyReason.Missing);
            if (!destination.Exists)
            {
                return plan;
            }

            if (destination.Length != source.Length)
            {
                return plan with { Reason = PackageCopyReason.SizeDiffers };
            }

            if (verifyMode == PackageVerifyMode.Full)
            {
                return ContentMatches(plan, buffers.Data, cancellationToken)
                    ? plan with { Action = PackageCopyAction.Skip, Reason = PackageCopyReason.ContentMatches }
                    : plan with { Reason = PackageCopyReason.ContentDiffers };
            }

            return (destination.LastWriteTimeUtc - source.LastWriteTimeUtc).Duration() <= TimestampTolerance
                ? plan with { Action = PackageCopyAction.Skip, Reason = PackageCopyReason.SizeAndTimestampMatch }
                : plan with { Reason = PackageCopyReason.TimestampDiffers };
        }

        /// <summary>
        /// A file either side cannot read stays a file to copy: the copy then reports the precise failure for it
        /// as a per-file error, instead of the plan failing as a whole.
        /// </summary>
        private bool ContentMatches(PackageFilePlan file, byte[] buffer, CancellationToken cancellationToken)
        {
            try
            {
                byte[] sourceHash;
                using (var source = _fileSystem.OpenSource(file.SourcePath))
                {
                    sourceHash = FileHasher.Hash(source, buffer, cancellationToken);
                }

                using var destination = _fileSystem.OpenSource(file.DestinationPath);
                return FileHasher.AreEqual(sourceHash, FileHasher.Hash(destination, buffer, cancellationToken));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static IReadOnlyList<string> PartialFilesIn(string folder, SearchOption search) =>
            Directory.Exists(folder) ? Directory.GetFiles(folder, "*.partial", search).Where(PartialFile.Is).ToArray() : Array.Empty<string>();
    }
}
