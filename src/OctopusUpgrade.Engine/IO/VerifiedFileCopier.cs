using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// Copies one file so that its final name never holds a partial or unverified copy. The source is streamed once
    /// into a temporary name beside the destination; every chunk written is read back from the destination and
    /// compared with the chunk read; the source's size and last-write time must not change during the read; with both
    /// sides verified, SHA-256 is computed over the bytes read while streaming, and the finished file and a second
    /// read of the source must both hash to it. The data is on the disk before the file gets its final name by
    /// an atomic rename, so a power loss never leaves a final name over bytes that were only in a cache: <see cref="Copy"/>
    /// flushes the file itself; <see cref="Write"/> leaves that to its caller (<see cref="DurableCommit"/> syncs a whole
    /// batch at once) before <see cref="Publish"/>. The folder is noted for the caller's end-of-run sync
    /// (<see cref="DestinationFolders.SyncAll"/>), which must come before the copy is reported or journalled. Any
    /// failure removes the temporary file. Every file copy of the engine (package feeds, server folders, backups) goes
    /// through here; each raises its failures under its own ids.
    /// </summary>
    internal sealed class VerifiedFileCopier
    {
        // Windows ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL as HRESULTs; on Unix .NET puts the errno in HResult.
        private static readonly int[] DiskFullResults = { unchecked((int)0x80070070), unchecked((int)0x80070027), 28 /* ENOSPC */, 122 /* EDQUOT */ };

        private readonly ICopyFileSystem _fileSystem;
        private readonly CopyErrorIds _errorIds;

        public VerifiedFileCopier(ICopyFileSystem fileSystem, CopyErrorIds errorIds)
        {
            _fileSystem = fileSystem ?? throw new ArgumentNullException(nameof(fileSystem));
            _errorIds = errorIds ?? throw new ArgumentNullException(nameof(errorIds));
        }

        /// <param name="file">The file to copy.</param>
        /// <param name="verifyBothSides">Hash the finished file and the source again after the copy.</param>
        /// <param name="buffers">The calling worker's buffers.</param>
        /// <param name="folders">The destination folders of this run, shared by its workers: created once, synced at its end.</param>
        /// <param name="bytesStreamed">Called with each chunk's length as it lands, for progress.</param>
        /// <param name="cancellationToken">Stops between chunks; the temporary file is removed.</param>
        /// <exception cref="OctopusUpgradeException">Under one of the <see cref="CopyErrorIds"/>; nothing is left under the final name.</exception>
        public void Copy(
            VerifiedCopy file,
            bool verifyBothSides,
            FileWorkerBuffers buffers,
            DestinationFolders folders,
            Action<int> bytesStreamed,
            CancellationToken cancellationToken) =>
            Publish(Write(file, verifyBothSides, flushToDisk: true, buffers, folders, bytesStreamed, cancellationToken), folders);

        /// <summary>
        /// Writes and verifies the file under its temporary name; its final name is untouched. With
        /// <paramref name="flushToDisk"/> the data is flushed before this returns; without it the caller makes the data
        /// durable before <see cref="Publish"/>. The other parameters are <see cref="Copy"/>'s.
        /// </summary>
        /// <exception cref="OctopusUpgradeException">Under one of the <see cref="CopyErrorIds"/>; the temporary file is removed.</exception>
        public VerifiedPartial Write(
            VerifiedCopy file,
            bool verifyBothSides,
            bool flushToDisk,
            FileWorkerBuffers buffers,
            DestinationFolders folders,
            Action<int> bytesStreamed,
            CancellationToken cancellationToken)
        {
            var partial = PartialFile.For(file.DestinationPath);
            try
            {
                var sourceHash = StreamToPartial(file, partial, verifyBothSides, flushToDisk, buffers, folders, bytesStreamed, cancellationToken);
                Destination(file, () => File.SetLastWriteTimeUtc(partial, file.SourceLastWriteTimeUtc));
                if (sourceHash is not null)
                {
                    VerifyBothSides(file, partial, sourceHash, buffers.Data, cancellationToken);
                }

                return new VerifiedPartial(file, partial);
            }
            catch
            {
                PartialFile.Remove(partial);
                throw;
            }
        }

        /// <summary>Renames a written file whose data is on the disk to its final name, and notes its folder for the end-of-run sync.</summary>
        /// <exception cref="OctopusUpgradeException">Under <see cref="CopyErrorIds.FileFailed"/> or <see cref="CopyErrorIds.DiskFull"/>; the temporary file is removed.</exception>
        public void Publish(VerifiedPartial written, DestinationFolders folders)
        {
            var file = written.File;
            try
            {
                Destination(file, () =>
                {
                    // Only a file the caller saw can be read-only; a missing one costs no extra look.
                    // Stryker disable once Logical : "||" only adds that look; it differs for a read-only file created after the plan, a race no test should promise either way
                    if (file.DestinationMayExist && new FileInfo(file.DestinationPath) is { Exists: true, IsReadOnly: true })
                    {
                        // Someone protected this file on purpose; replacing it is their decision, not the copy's.
                        throw new UnauthorizedAccessException("The destination file is read-only; clear its read-only attribute to let the copy replace it.");
                    }

                    _fileSystem.MoveIntoPlace(written.PartialPath, file.DestinationPath);
                });
                folders.Changed(Path.GetDirectoryName(file.DestinationPath)!);
            }
            catch
            {
                PartialFile.Remove(written.PartialPath);
                throw;
            }
        }

        /// <summary>
        /// One pass over the source: each chunk is written and read back from the destination and compared byte for
        /// byte, so what landed is proven equal to what was read while it is still in memory; comparing costs a
        /// fraction of hashing the written file again. With <paramref name="hashSource"/> each chunk is also hashed and
        /// the SHA-256 of the source bytes returned, for <see cref="VerifyBothSides"/>; without it, null: a hash compared
        /// with nothing proves nothing, and SHA-256 was a third of the copy's CPU time.
        /// </summary>
        private byte[]? StreamToPartial(
            VerifiedCopy file,
            string partial,
            bool hashSource,
            bool flushToDisk,
            FileWorkerBuffers buffers,
            DestinationFolders folders,
            Action<int> bytesStreamed,
            CancellationToken cancellationToken)
        {
            // A feed has a folder per package id and many versions in each: create each folder once, not per file.
            Destination(file, () => folders.Create(Path.GetDirectoryName(file.DestinationPath)!));

            var buffer = buffers.Data;
            long streamed = 0;
            using var hash = hashSource ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            // An empty entry is never opened: a FIFO or a device lists as empty, and opening one blocks or never ends.
            using (var source = file.Length == 0 ? Stream.Null : Source(file, () => _fileSystem.OpenSource(file.SourcePath)))
            using (var destination = Destination(file, () => CreatePartial(file, partial)))
            {
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

                    hash?.AppendData(buffer, 0, read);
                    var landed = Destination(file, () => WriteAndReadBack(destination, buffer, buffers.ReadBack, read));
                    if (!landed)
                    {
                        throw VerificationFailed(file, $"the bytes read back from the destination at offset {streamed} differ from the bytes written");
                    }

                    streamed += read;
                    bytesStreamed(read);
                }

                if (flushToDisk)
                {
                    Destination(file, () => _fileSystem.FlushToDisk(destination));
                }
            }

            var lastWrite = Source(file, () => File.GetLastWriteTimeUtc(file.SourcePath));
            if (streamed != file.Length || lastWrite != file.SourceLastWriteTimeUtc)
            {
                throw new OctopusUpgradeException(
                    _errorIds.SourceChanged,
                    FailureCategory.InvalidData,
                    $"'{file.Name}' changed while it was being copied (planned {file.Length} bytes written {file.SourceLastWriteTimeUtc:o}, read {streamed} bytes, now written {lastWrite:o}); it was not copied. Stop whatever writes to the source and run again.",
                    file.SourcePath);
            }

            return hash?.GetHashAndReset();
        }

        /// <summary>
        /// The partial file, its full length reserved, and never more open than its source: on Unix it is created with
        /// the narrower of the source's mode and the mode new files get in the destination (a 0600 key stays 0600, from
        /// the first moment, so no reader can open it while it is wider). On Windows a new file takes the destination
        /// folder's inherited ACL, and the source's ACL is not carried over. .NET reports a reservation the volume cannot
        /// hold as a plain IOException with no disk-full code, so a failure while the volume has less room than the
        /// file is the full disk it is.
        /// </summary>
        private Stream CreatePartial(VerifiedCopy file, string partial)
        {
            try
            {
                return _fileSystem.CreateDestination(partial, file.Length, modeOf: file.SourcePath);
            }
            catch (IOException e) when (_fileSystem.GetAvailableFreeSpace(Path.GetDirectoryName(partial)!) is long free
                                        && free < CopyFileSystem.AllocatedSize(file.Length))
            {
                throw DiskFull(file, e);
            }
        }

        private static bool WriteAndReadBack(Stream destination, byte[] written, byte[] readBack, int count)
        {
            destination.Write(written, 0, count);
            destination.Seek(-count, SeekOrigin.Current);
            // Written as plain statements rather than an assignment inside the loop condition: Stryker cannot compile
            // its mutants of that form, and this is the verification every copy relies on.
            var total = 0;
            while (total < count)
            {
                var read = destination.Read(readBack, total, count - total);
                if (read == 0)
                {
                    return false;
                }

                total += read;
            }

            return FileHasher.AreEqual(written, readBack, count);
        }

        /// <summary>
        /// Both sides: the finished file is hashed again from a fresh open, and so is the source, and both must equal
        /// the hash taken while streaming: a source that reads differently twice, or a destination that changed after
        /// writing, is caught rather than published.
        /// </summary>
        private void VerifyBothSides(VerifiedCopy file, string partial, byte[] sourceHash, byte[] buffer, CancellationToken cancellationToken)
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

        private byte[] HashFile(string path, byte[] buffer, CancellationToken cancellationToken)
        {
            using var stream = _fileSystem.OpenSource(path);
            return FileHasher.Hash(stream, buffer, cancellationToken);
        }

        private T Source<T>(VerifiedCopy file, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(
                    _errorIds.FileFailed,
                    FailureCategory.ReadError,
                    $"'{file.Name}' could not be read from '{file.SourcePath}': {e.Message}",
                    file.SourcePath,
                    e);
            }
        }

        private T Destination<T>(VerifiedCopy file, Func<T> write)
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
                    _errorIds.FileFailed,
                    FailureCategory.WriteError,
                    $"'{file.Name}' could not be written to '{file.DestinationPath}': {e.Message}",
                    file.DestinationPath,
                    e);
            }
        }

        private void Destination(VerifiedCopy file, Action write) =>
            Destination(file, () =>
            {
                write();
                // Stryker disable once Boolean : the value only lets this overload reuse the other's error handling; it is discarded
                return true;
            });

        private OctopusUpgradeException DiskFull(VerifiedCopy file, IOException e) =>
            new(
                _errorIds.DiskFull,
                FailureCategory.WriteError,
                $"The destination volume filled up while '{file.Name}' was being written; its partial file was removed and every file finished before it is complete. Free space at '{Path.GetDirectoryName(file.DestinationPath)}' and run again: finished files are skipped.",
                file.DestinationPath,
                e);

        private OctopusUpgradeException VerificationFailed(VerifiedCopy file, string what) =>
            new(
                _errorIds.VerificationFailed,
                FailureCategory.InvalidData,
                $"'{file.Name}' failed verification: {what}; nothing was left under its name. Run again; if it repeats, check the disks.",
                file.DestinationPath);

        private static string ToHex(byte[] hash) => BitConverter.ToString(hash).Replace("-", string.Empty);
    }
}
