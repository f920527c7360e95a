using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Executes a <see cref="PackageCopyPlan"/>. Each file is streamed once from the source into a temporary name
    /// beside its destination while SHA-256 is computed over the bytes read. "Verified" means: every chunk written
    /// was read back from the destination and equals the chunk read from the source, the source's size and
    /// last-write time did not change during the read, and (with <see cref="PackageVerifyMode.Full"/>) the
    /// finished file and a second read of the source both hash to the streaming SHA-256. Only then does the file get
    /// the source's last-write time and its final name, by an atomic rename. So a name the feed knows never holds a
    /// partial or unverified package, and a later run recognises a finished file by size and time.
    /// </summary>
    public sealed class PackageCopier
    {
        // Windows ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL as HRESULTs; on Unix .NET puts the errno in HResult.
        private static readonly int[] DiskFullResults = { unchecked((int)0x80070070), unchecked((int)0x80070027), 28 /* ENOSPC */, 122 /* EDQUOT */ };

        private readonly IOperationReporter _reporter;
        private readonly TimeProvider _time;
        private readonly ICopyFileSystem _fileSystem;

        public PackageCopier(IOperationReporter reporter, TimeProvider timeProvider)
            : this(reporter, timeProvider, CopyFileSystem.Instance)
        {
        }

        internal PackageCopier(IOperationReporter reporter, TimeProvider timeProvider, ICopyFileSystem fileSystem)
        {
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
            _fileSystem = fileSystem;
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
            RemovePartialFiles(plan.StalePartialFiles);
            if (plan.FilesToCopy.Count > 0)
            {
                EnsureRoom(plan);
                EnsureWritable(plan.DestinationPath);
            }

            var progress = new PackageCopyProgress(_reporter, _time, plan.FilesToCopy.Count, plan.BytesToCopy);
            var failures = new ConcurrentQueue<PackageCopyFailure>();
            var createdFolders = new ConcurrentDictionary<string, bool>(FilePaths.Comparer);
            var copied = 0;
            long bytesCopied = 0;
            OctopusUpgradeException? stoppedBy = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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
                            CopyFile(file, plan.Request.VerifyMode, buffers, progress, createdFolders, stop.Token);
                            Interlocked.Increment(ref copied);
                            Interlocked.Add(ref bytesCopied, file.Length);
                            _reporter.Verbose($"Copied and verified '{file.RelativePath}' ({file.Length} bytes).");
                        }
                        catch (OctopusUpgradeException e) when (e.ErrorId == PackageErrorIds.CopyDiskFull)
                        {
                            Interlocked.CompareExchange(ref stoppedBy, e, null);
                            stop.Cancel();
                        }
                        catch (OctopusUpgradeException e)
                        {
                            failures.Enqueue(new PackageCopyFailure(file.RelativePath, e.ErrorId, e.Message));
                            _reporter.Error(e);
                        }
                    },
                    stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppedBy is not null)
            {
                // The other workers stopped because the disk is full; that error, not their cancellation, is the news.
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

        private void RemovePartialFiles(IReadOnlyList<string> partialFiles)
        {
            foreach (var partial in partialFiles)
            {
                _reporter.Verbose($"Removing '{partial}', left by an interrupted copy.");
                DeleteQuietly(partial);
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
        private void EnsureWritable(string destination)
        {
            var probe = PartialFile.For(Path.Combine(destination, ".write-probe"));
            try
            {
                Directory.CreateDirectory(destination);
                _fileSystem.CreateDestination(probe, 0).Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopyDestinationUnwritable,
                    FailureCategory.PermissionDenied,
                    $"Nothing can be written to the destination '{destination}': {e.Message} Check that it is the new server's packages folder, that the volume is writable and that this account may write there; nothing was copied.",
                    destination,
                    e);
            }
            finally
            {
                DeleteQuietly(probe);
            }
        }

        private void CopyFile(
            PackageFilePlan file,
            PackageVerifyMode verifyMode,
            FileWorkerBuffers buffers,
            PackageCopyProgress progress,
            ConcurrentDictionary<string, bool> createdFolders,
            CancellationToken cancellationToken)
        {
            var partial = PartialFile.For(file.DestinationPath);
            long streamed = 0;
            try
            {
                var sourceHash = StreamToPartial(file, partial, buffers, progress, createdFolders, ref streamed, cancellationToken);
                Destination(file, () => File.SetLastWriteTimeUtc(partial, file.SourceLastWriteTimeUtc));
                if (verifyMode == PackageVerifyMode.Full)
                {
                    VerifyBothSides(file, partial, sourceHash, buffers.Data, cancellationToken);
                }

                Publish(file, partial);
            }
            catch
            {
                DeleteQuietly(partial);
                throw;
            }
            finally
            {
                progress.FileFinished(file.Length - streamed);
            }
        }

        /// <summary>
        /// One pass over the source: each chunk is hashed, written, and read back from the destination and compared
        /// byte for byte, so what landed is proven equal to what was read while it is still in memory; comparing
        /// costs a fraction of hashing the written file again. Returns the SHA-256 of the source bytes.
        /// </summary>
        private byte[] StreamToPartial(
            PackageFilePlan file,
            string partial,
            FileWorkerBuffers buffers,
            PackageCopyProgress progress,
            ConcurrentDictionary<string, bool> createdFolders,
            ref long streamed,
            CancellationToken cancellationToken)
        {
            // A feed has a folder per package id and many versions in each: create each folder once, not per file.
            var folder = Path.GetDirectoryName(file.DestinationPath)!;
            if (!createdFolders.ContainsKey(folder))
            {
                Destination(file, () => Directory.CreateDirectory(folder));
                createdFolders.TryAdd(folder, true);
            }

            var buffer = buffers.Data;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            // An empty entry is never opened: a FIFO or a device lists as empty, and opening one blocks or never ends.
            using (var source = file.Length == 0 ? Stream.Null : Source(file, () => _fileSystem.OpenSource(file.SourcePath)))
            using (var destination = Destination(file, () => CreatePartial(file, partial)))
            {
                NarrowPermissions(file, partial);
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // Never more than one byte past the planned length: a source that grew (or a device that never
                    // ends) is found at once, not after filling the volume.
                    var wanted = (int)Math.Min(buffer.Length, file.Length - streamed + 1);
                    var read = Source(file, () => source.Read(buffer, 0, wanted));
                    if (read == 0 || streamed + read > file.Length)
                    {
                        streamed += read;
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    var landed = Destination(file, () => WriteAndReadBack(destination, buffer, buffers.ReadBack, read));
                    if (!landed)
                    {
                        throw VerificationFailed(file, $"the bytes read back from the destination at offset {streamed} differ from the bytes written");
                    }

                    streamed += read;
                    progress.AddBytes(read);
                }

                Destination(file, destination.Flush);
            }

            var lastWrite = Source(file, () => File.GetLastWriteTimeUtc(file.SourcePath));
            if (streamed != file.Length || lastWrite != file.SourceLastWriteTimeUtc)
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopySourceChanged,
                    FailureCategory.InvalidData,
                    $"'{file.RelativePath}' changed while it was being copied (planned {file.Length} bytes written {file.SourceLastWriteTimeUtc:o}, read {streamed} bytes, now written {lastWrite:o}); it was not copied. Stop whatever writes to the old feed and run again.",
                    file.SourcePath);
            }

            return hash.GetHashAndReset();
        }

        /// <summary>
        /// The partial file, its full length reserved. .NET reports a reservation the volume cannot hold as a plain
        /// IOException with no disk-full code, so a failure while the volume has less room than the file is the full
        /// disk it is.
        /// </summary>
        private Stream CreatePartial(PackageFilePlan file, string partial)
        {
            try
            {
                return _fileSystem.CreateDestination(partial, file.Length);
            }
            catch (IOException e) when (Array.IndexOf(DiskFullResults, e.HResult) < 0
                                        && _fileSystem.GetAvailableFreeSpace(Path.GetDirectoryName(partial)!) is long free
                                        && free < CopyFileSystem.AllocatedSize(file.Length))
            {
                throw DiskFull(file, e);
            }
        }

        /// <summary>
        /// The copy is never more open than its source: on Unix it keeps the narrower of the source's mode and the mode
        /// new files get in the destination folder (a 0600 key stays 0600). On Windows a new file takes the destination
        /// folder's inherited ACL, which is the new server's, and the source's ACL is not carried over.
        /// </summary>
        private static void NarrowPermissions(PackageFilePlan file, string partial)
        {
#if NET
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    File.SetUnixFileMode(partial, File.GetUnixFileMode(file.SourcePath) & File.GetUnixFileMode(partial));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new OctopusUpgradeException(
                        PackageErrorIds.CopyFileFailed,
                        FailureCategory.PermissionDenied,
                        $"'{file.RelativePath}' was not copied: its permissions could not be kept as narrow as the source's: {e.Message}",
                        file.DestinationPath,
                        e);
                }
            }
#endif
        }

        private static bool WriteAndReadBack(Stream destination, byte[] written, byte[] readBack, int count)
        {
            destination.Write(written, 0, count);
            destination.Seek(-count, SeekOrigin.Current);
            var total = 0;
            int read;
            while (total < count && (read = destination.Read(readBack, total, count - total)) > 0)
            {
                total += read;
            }

            return total == count && FileHasher.AreEqual(written, readBack, count);
        }

        /// <summary>
        /// <see cref="PackageVerifyMode.Full"/>: the finished file is hashed again from a fresh open, and so is the
        /// source, and both must equal the hash taken while streaming: a source that reads differently twice, or a
        /// destination that changed after writing, is caught rather than published.
        /// </summary>
        private void VerifyBothSides(PackageFilePlan file, string partial, byte[] sourceHash, byte[] buffer, CancellationToken cancellationToken)
        {
            var writtenHash = Destination(file, () => HashFile(partial, buffer, cancellationToken));
            if (!FileHasher.AreEqual(sourceHash, writtenHash))
            {
                throw VerificationFailed(file, $"the written file hashes {ToHex(writtenHash)}, the source bytes read {ToHex(sourceHash)}");
            }

            var rereadHash = Source(file, () => HashFile(file.SourcePath, buffer, cancellationToken));
            if (!FileHasher.AreEqual(sourceHash, rereadHash))
            {
                throw VerificationFailed(file, $"the source hashes {ToHex(rereadHash)} when read a second time, {ToHex(sourceHash)} the first");
            }
        }

        private void Publish(PackageFilePlan file, string partial)
        {
            Destination(file, () =>
            {
                // Only a file the plan saw can be read-only; a missing one costs no extra look.
                if (file.Reason != PackageCopyReason.Missing && new FileInfo(file.DestinationPath) is { Exists: true, IsReadOnly: true })
                {
                    // Someone protected this file on purpose; replacing it is their decision, not the copy's.
                    throw new UnauthorizedAccessException("The destination file is read-only; clear its read-only attribute to let the copy replace it.");
                }

#if NET
                File.Move(partial, file.DestinationPath, overwrite: true);
#else
                if (File.Exists(file.DestinationPath))
                {
                    File.Replace(partial, file.DestinationPath, null, ignoreMetadataErrors: true);
                }
                else
                {
                    File.Move(partial, file.DestinationPath);
                }
#endif
            });
        }

        private byte[] HashFile(string path, byte[] buffer, CancellationToken cancellationToken)
        {
            using var stream = _fileSystem.OpenSource(path);
            return FileHasher.Hash(stream, buffer, cancellationToken);
        }

        private static T Source<T>(PackageFilePlan file, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopyFileFailed,
                    FailureCategory.ReadError,
                    $"'{file.RelativePath}' could not be read from '{file.SourcePath}': {e.Message}",
                    file.SourcePath,
                    e);
            }
        }

        private static T Destination<T>(PackageFilePlan file, Func<T> write)
        {
            try
            {
                return write();
            }
            catch (IOException e) when (Array.IndexOf(DiskFullResults, e.HResult) >= 0)
            {
                throw DiskFull(file, e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopyFileFailed,
                    FailureCategory.WriteError,
                    $"'{file.RelativePath}' could not be written to '{file.DestinationPath}': {e.Message}",
                    file.DestinationPath,
                    e);
            }
        }

        private static void Destination(PackageFilePlan file, Action write) =>
            Destination(file, () =>
            {
                write();
                return true;
            });

        private static OctopusUpgradeException DiskFull(PackageFilePlan file, IOException e) =>
            new(
                PackageErrorIds.CopyDiskFull,
                FailureCategory.WriteError,
                $"The destination volume filled up while '{file.RelativePath}' was being written; its partial file was removed and every file finished before it is complete. Free space at '{Path.GetDirectoryName(file.DestinationPath)}' and run again: finished files are skipped.",
                file.DestinationPath,
                e);

        private static OctopusUpgradeException VerificationFailed(PackageFilePlan file, string what) =>
            new(
                PackageErrorIds.CopyVerificationFailed,
                FailureCategory.InvalidData,
                $"'{file.RelativePath}' failed verification: {what}; nothing was left under its name. Run again; if it repeats, check the disks.",
                file.DestinationPath);

        private static string ToHex(byte[] hash) => BitConverter.ToString(hash).Replace("-", string.Empty);

        private static void DeleteQuietly(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A partial name is never mistaken for a package, and the next run removes it.
            }
        }
    }
}
