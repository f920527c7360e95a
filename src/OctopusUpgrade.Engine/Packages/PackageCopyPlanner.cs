using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;

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

        private readonly IPackageFileSystem _fileSystem;

        public PackageCopyPlanner()
            : this(PackageFileSystem.Instance)
        {
        }

        internal PackageCopyPlanner(IPackageFileSystem fileSystem)
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

            var source = PackagePaths.Normalise(request.SourcePath, "source");
            var destination = PackagePaths.Normalise(request.DestinationPath, "destination");
            RefuseOverlap(source, destination);
            if (!Directory.Exists(source))
            {
                throw new OctopusUpgradeException(
                    "PackageCopySourceNotFound",
                    FailureCategory.ObjectNotFound,
                    $"The package folder '{source}' does not exist. Check the path of the old server's built-in feed.",
                    source);
            }

            // Deciding costs a stat of each side (and with Full a read of both): spread over the workers, so a re-run
            // over a finished copy waits on many small reads at once rather than on each in turn.
            var sourceFiles = EnumerateSource(source);
            var files = new PackageFilePlan[sourceFiles.Count];
            await PackageWorkers.RunAsync(
                files.Length,
                request.EffectiveParallelism,
                (i, buffers) => files[i] = Decide(sourceFiles[i].RelativePath, sourceFiles[i].Info, destination, request.VerifyMode, buffers, cancellationToken),
                cancellationToken).ConfigureAwait(false);

            return new PackageCopyPlan(
                request,
                source,
                destination,
                files,
                FindPartialFiles(destination),
                _fileSystem.GetAvailableFreeSpace(destination));
        }

        private static void RefuseOverlap(string source, string destination)
        {
            if (PackagePaths.AreSame(source, destination))
            {
                throw new OctopusUpgradeException(
                    "PackageCopySamePath",
                    FailureCategory.InvalidArgument,
                    $"The source and destination are the same folder '{source}'; the packages must go to the new server's packages folder.",
                    destination);
            }

            if (PackagePaths.IsInside(destination, source) || PackagePaths.IsInside(source, destination))
            {
                throw new OctopusUpgradeException(
                    "PackageCopyPathsOverlap",
                    FailureCategory.InvalidArgument,
                    $"The destination '{destination}' and the source '{source}' overlap (one lies inside the other); a copy would copy its own output. Choose folders apart.",
                    destination);
            }
        }

        private static List<(string RelativePath, FileInfo Info)> EnumerateSource(string source)
        {
            try
            {
                // The DirectoryInfo enumeration carries each file's size and times from the directory read, so
                // planning costs one directory walk, not a stat per file, on Windows.
                return new DirectoryInfo(source)
                    .EnumerateFiles("*", SearchOption.AllDirectories)
                    .Where(f => !PackagePartialFile.Is(f.FullName))
                    .Select(f => (RelativePath: f.FullName.Substring(source.Length + 1), Info: f))
                    .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
                    .ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(
                    "PackageCopySourceUnreadable",
                    FailureCategory.ReadError,
                    $"The package folder '{source}' cannot be listed: {e.Message}",
                    source,
                    e);
            }
        }

        private PackageFilePlan Decide(
            string relativePath,
            FileInfo source,
            string destinationRoot,
            PackageVerifyMode verifyMode,
            PackageWorkerBuffers buffers,
            CancellationToken cancellationToken)
        {
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
                    sourceHash = PackageFileHasher.Hash(source, buffer, cancellationToken);
                }

                using var destination = _fileSystem.OpenSource(file.DestinationPath);
                return PackageFileHasher.AreEqual(sourceHash, PackageFileHasher.Hash(destination, buffer, cancellationToken));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static IReadOnlyList<string> FindPartialFiles(string destination)
        {
            if (!Directory.Exists(destination))
            {
                return Array.Empty<string>();
            }

            return Directory.EnumerateFiles(destination, "*.partial", SearchOption.AllDirectories)
                .Where(PackagePartialFile.Is)
                .ToList();
        }
    }
}
