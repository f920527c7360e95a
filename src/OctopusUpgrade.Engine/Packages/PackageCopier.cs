using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Executes a <see cref="PackageCopyPlan"/>: checks the room, takes the destination's lock (one copy into a
    /// destination at a time), removes what an interrupted run left, and copies the files to copy on parallel workers, each through the <see cref="VerifiedFileCopier"/> (streamed once, every
    /// chunk read back, with <see cref="PackageVerifyMode.Full"/> both sides hashed again, renamed into place only when
    /// verified). So a name the feed knows never holds a partial or unverified package, and a later run recognises a
    /// finished file by size and time. Each file's data is on the disk before its rename (<see cref="DurableCommit"/>:
    /// one file-system sync per batch on Linux, a flush per file elsewhere) and every changed folder is synced before
    /// the result is returned (and so before the journal records it).
    /// </summary>
    public sealed class PackageCopier
    {
        /// <summary>
        /// The destination's lock file, held while a copy runs there and holding that run's identity; never copied,
        /// never removed (see <see cref="LockFile"/>).
        /// </summary>
        public const string LockFileName = ".octopusupgrade.lock";

        /// <summary>The file written and removed to learn whether the destination takes files at all; its own name, never taken for a partial file.</summary>
        private const string WriteProbeFileName = ".octopusupgrade-write-probe";

        /// <summary>Whether a file name is one the copier itself keeps in a destination (its lock, a write probe): never a package to copy.</summary>
        internal static bool IsCopierFile(string fileName) =>
            fileName == LockFileName || fileName.StartsWith(WriteProbeFileName, StringComparison.Ordinal);

        private static readonly CopyErrorIds ErrorIds = new(
            PackageErrorIds.CopyFileFailed,
            PackageErrorIds.CopyDiskFull,
            PackageErrorIds.CopySourceChanged,
            PackageErrorIds.CopyVerificationFailed);

        private readonly IOperationReporter _reporter;
        private readonly TimeProvider _time;
        private readonly ICopyFileSystem _fileSystem;
        private readonly VerifiedFileCopier _copier;
        private readonly CommitBatchSize _batchSize;

        public PackageCopier(IOperationReporter reporter, TimeProvider timeProvider)
            : this(reporter, timeProvider, CopyFileSystem.Instance)
        {
        }

        internal PackageCopier(IOperationReporter reporter, TimeProvider timeProvider, ICopyFileSystem fileSystem, CommitBatchSize? batchSize = null)
        {
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
            _fileSystem = fileSystem;
            _copier = new VerifiedFileCopier(fileSystem, ErrorIds);
            _batchSize = batchSize ?? CommitBatchSize.Default;
        }

        /// <summary>
        /// Copies what the plan says to copy. A file that cannot be read, written or verified is reported through
        /// <see cref="IOperationReporter.Error"/> and listed in the result; the others carry on.
        /// </summary>
        /// <exception cref="OctopusUpgradeException">
        /// <c>PackageCopyInsufficientSpace</c> before the first byte, or <c>PackageCopyDiskFull</c> when the volume
        /// fills up during the copy; every file finished before that is complete and no partial file is left.
        /// </exception>
        /// <exception cref="OperationCanceledException">Cancelled; finished files stay, partial ones are removed.</exception>
        public async Task<PackageCopyResult> CopyAsync(PackageCopyPlan plan, CancellationToken cancellationToken = default)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            var started = _time.GetTimestamp();
            var folders = new DestinationFolders(FilePaths.Comparer);
            if (plan.FilesToCopy.Count > 0)
            {
                EnsureRoom(plan);
                EnsureWritable(plan.DestinationPath, folders);
            }

            using var destinationLock = plan.FilesToCopy.Count > 0 || plan.StalePartialFiles.Count > 0 ? LockDestination(plan) : null;
            RemovePartialFiles(plan.StalePartialFiles);
            var progress = new PackageCopyProgress(_reporter, _time, plan.FilesToCopy.Count, plan.BytesToCopy);
            var failures = new ConcurrentQueue<PackageCopyFailure>();
            var copied = 0;
            long bytesCopied = 0;
            OctopusUpgradeException? stoppedBy = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

            // A full disk or a failed file-system sync stops every worker; any other failure is that file's alone.
            void Fail(string relativePath, OctopusUpgradeException e)
            {
                if (e.ErrorId is PackageErrorIds.CopyDiskFull or PackageErrorIds.CopyNotDurable)
                {
                    Interlocked.CompareExchange(ref stoppedBy, e, null);
                    stop.Cancel();
                    return;
                }

                failures.Enqueue(new PackageCopyFailure(relativePath, e.ErrorId, e.Message));
                _reporter.Error(e);
            }

            void Published(VerifiedPartial written, OctopusUpgradeException? failure)
            {
                if (failure is not null)
                {
                    Fail(written.File.Name, failure);
                    return;
                }

                Interlocked.Increment(ref copied);
                Interlocked.Add(ref bytesCopied, written.File.Length);
                _reporter.Verbose($"Copied and verified '{written.File.Name}' ({written.File.Length} bytes).");
            }

            // Opened once the destination exists and before its first file is written (see FileSystemSync).
            using var commit = new DurableCommit(_fileSystem, plan.DestinationPath, _copier, folders, _batchSize, PackageErrorIds.CopyNotDurable);
            try
            {
                try
                {
                    await FileWorkers.RunAsync(
                        plan.FilesToCopy.Count,
                        plan.Request.EffectiveParallelism,
                        (index, buffers) =>
                        {
                            var file = plan.FilesToCopy[index];
                            try
                            {
                                commit.Add(WriteFile(file, plan.Request.VerifyMode, commit.FlushesEachFile, buffers, progress, folders, stop.Token), Published);
                            }
                            catch (OctopusUpgradeException e)
                            {
                                Fail(file.RelativePath, e);
                            }
                        },
                        stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppedBy is not null)
                {
                    // The other workers stopped because the disk is full or not durable; that error, not their cancellation, is the news.
                }

                // What was written and verified before the disk filled up is kept; after a failed sync nothing more is named.
                if (stoppedBy is null || stoppedBy.ErrorId == PackageErrorIds.CopyDiskFull)
                {
                    commit.CommitRest(Published);
                }
            }
            finally
            {
                // A batch not committed (cancelled, not durable) never gets final names; every file renamed into place
                // is made durable before anything reports it, journal included.
                commit.DiscardRest();
                folders.SyncAll(_fileSystem);
            }

            if (stoppedBy is not null)
            {
                throw stoppedBy;
            }

            progress.Complete();
            var failed = failures.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
            var result = new PackageCopyResult(
                plan.SourcePath,
                plan.DestinationPath,
                copied,
                plan.Files.Count - plan.FilesToCopy.Count,
                failed.Count,
                bytesCopied,
                _time.GetElapsedTime(started),
                failed)
            {
                PackageCount = plan.PackageCount - failed.Count(f => PackageFeedLocations.IsPackageFile(f.RelativePath)),
            };
            _reporter.Information(string.Format(
                CultureInfo.InvariantCulture,
                "Copied {0} files ({1:F1} MB) in {2:F1} s at {3:F1} MB/s; skipped {4} already present; {5} failed.",
                result.Copied,
                result.BytesCopied / (1024.0 * 1024),
                result.Duration.TotalSeconds,
                result.BytesPerSecond / (1024 * 1024),
                result.Skipped,
                result.Failed));
            return result;
        }

        /// <summary>
        /// Held until the copy ends: a second copy into the same destination is refused rather than left to take this
        /// run's partial files for an interrupted run's. Partial files found while holding it were left by runs no longer alive.
        /// </summary>
        private LockFile LockDestination(PackageCopyPlan plan)
        {
            var path = Path.Combine(plan.DestinationPath, LockFileName);
            LockFile? held;
            try
            {
                held = LockFile.TryAcquire(path, LockOwner.ThisProcess(plan.Request.SessionId, _time.GetUtcNow()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Unwritable(plan.DestinationPath, e);
            }

            return held ?? throw new OctopusUpgradeException(
                PackageErrorIds.CopyDestinationInUse,
                FailureCategory.ResourceUnavailable,
                $"Another copy is running into '{plan.DestinationPath}' ({LockFile.ReadOwner(path) ?? "its owner is named in '" + path + "'"}). Nothing was copied and none of its partial files were touched: wait for it to finish, then run again (finished files are skipped).",
                plan.DestinationPath);
        }

        private void RemovePartialFiles(IReadOnlyList<string> partialFiles)
        {
            foreach (var partial in partialFiles)
            {
                _reporter.Verbose($"Removing '{partial}', left by an interrupted copy.");
                PartialFile.Remove(partial);
            }
        }

        /// <summary>Asked again now, not taken from the plan: the plan may be minutes old.</summary>
        private void EnsureRoom(PackageCopyPlan plan)
        {
            var available = _fileSystem.GetAvailableFreeSpace(plan.DestinationPath);
            if (available is null)
            {
                _reporter.Warning($"The free space at '{plan.DestinationPath}' cannot be read; copying without checking it first.");
            }
            else if (available < plan.RequiredFreeBytes)
            {
                var (free, needed) = SpaceTexts(available.Value, plan.RequiredFreeBytes);
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopyInsufficientSpace,
                    FailureCategory.LimitsExceeded,
                    $"The destination '{plan.DestinationPath}' has {free} free but the {plan.FilesToCopy.Count} files to copy need {needed}. Free space there or choose another destination; nothing was copied.",
                    plan.DestinationPath);
            }
        }

        /// <summary>Two sizes in MB, or in bytes when MB would round them to the same text ("has 1.0 MB but needs 1.0 MB").</summary>
        internal static (string First, string Second) SpaceTexts(long first, long second)
        {
            string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB";
            return Megabytes(first) != Megabytes(second)
                ? (Megabytes(first), Megabytes(second))
                : (first.ToString("N0", CultureInfo.InvariantCulture) + " bytes", second.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
        }

        /// <summary>
        /// A destination that cannot take a file (read-only, no permission, a pseudo file system) fails once, before the
        /// first byte, instead of once per file: the folder is created and a probe file written and removed.
        /// </summary>
        private void EnsureWritable(string destination, DestinationFolders folders)
        {
            var probe = Path.Combine(destination, WriteProbeFileName + "-" + Guid.NewGuid().ToString().Substring(0, 8));
            try
            {
                folders.Create(destination);
                _fileSystem.CreateDestination(probe, 0, modeOf: null).Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Unwritable(destination, e);
            }
            finally
            {
                PartialFile.Remove(probe);
            }
        }

        private static OctopusUpgradeException Unwritable(string destination, Exception e) =>
            new(
                PackageErrorIds.CopyDestinationUnwritable,
                FailureCategory.PermissionDenied,
                $"Nothing can be written to the destination '{destination}': {e.Message} Check that it is the new server's packages folder, that the volume is writable and that this account may write there; nothing was copied.",
                destination,
                e);

        private VerifiedPartial WriteFile(
            PackageFilePlan file,
            PackageVerifyMode verifyMode,
            bool flushToDisk,
            FileWorkerBuffers buffers,
            PackageCopyProgress progress,
            DestinationFolders folders,
            CancellationToken cancellationToken)
        {
            long streamed = 0;
            var copy = new VerifiedCopy(file.RelativePath, file.SourcePath, file.DestinationPath, file.Length, file.SourceLastWriteTimeUtc)
            {
                DestinationMayExist = file.Reason != PackageCopyReason.Missing,
            };
            try
            {
                return _copier.Write(
                    copy,
                    verifyMode == PackageVerifyMode.Full,
                    flushToDisk,
                    buffers,
                    folders,
                    read =>
                    {
                        streamed += read;
                        progress.AddBytes(read);
                    },
                    cancellationToken);
            }
            finally
            {
                progress.FileFinished(file.Length - streamed);
            }
        }
    }
}
