using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Every decision a copy would make, computed without writing anything: what <c>-WhatIf</c> shows and what
    /// <see cref="PackageCopier"/> executes.
    /// </summary>
    public sealed class PackageCopyPlan
    {
        internal PackageCopyPlan(
            PackageCopyRequest request,
            string sourcePath,
            string destinationPath,
            IReadOnlyList<PackageFilePlan> files,
            IReadOnlyList<string> stalePartialFiles,
            long? availableFreeBytes,
            IReadOnlyList<string> skippedSourceEntries)
        {
            SkippedSourceEntries = skippedSourceEntries;
            Request = request;
            SourcePath = sourcePath;
            DestinationPath = destinationPath;
            Files = files;
            StalePartialFiles = stalePartialFiles;
            AvailableFreeBytes = availableFreeBytes;
            FilesToCopy = files.Where(f => f.Action == PackageCopyAction.Copy).ToList();
            BytesToCopy = FilesToCopy.Sum(f => f.Length);
            BytesToSkip = files.Where(f => f.Action == PackageCopyAction.Skip).Sum(f => f.Length);
            RequiredFreeBytes = FilesToCopy.Sum(f => CopyFileSystem.AllocatedSize(f.Length));
            PackageCount = files.Count(f => PackageFeedLocations.IsPackageFile(f.RelativePath));
        }

        public PackageCopyRequest Request { get; }

        /// <summary>The source folder as a normalised absolute path.</summary>
        public string SourcePath { get; }

        /// <summary>The destination folder as a normalised absolute path.</summary>
        public string DestinationPath { get; }

        /// <summary>Every file of the source, in ordinal order of its relative path.</summary>
        public IReadOnlyList<PackageFilePlan> Files { get; }

        public IReadOnlyList<PackageFilePlan> FilesToCopy { get; }

        public long BytesToCopy { get; }

        public long BytesToSkip { get; }

        /// <summary>
        /// What the source tree holds that is not copied, one line each with the reason: links and junctions (never
        /// followed: they can lead out of the feed, or round in a loop) and entries that are not regular files.
        /// </summary>
        public IReadOnlyList<string> SkippedSourceEntries { get; }

        /// <summary>Temporary files an interrupted earlier copy left behind; the copy removes them first.</summary>
        public IReadOnlyList<string> StalePartialFiles { get; }

        /// <summary>The destination volume's space the copy needs, counting each file in whole clusters.</summary>
        public long RequiredFreeBytes { get; }

        /// <summary>Free space on the destination volume when planned, or null where it cannot be read.</summary>
        public long? AvailableFreeBytes { get; }

        /// <summary>True when the destination volume is known to lack the room the copy needs.</summary>
        public bool LacksFreeSpace => AvailableFreeBytes < RequiredFreeBytes;

        /// <summary>How many packages the feed will hold once copied: what a re-index should find.</summary>
        public int PackageCount { get; }
    }
}
