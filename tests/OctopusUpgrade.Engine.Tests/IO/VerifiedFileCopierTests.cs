using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Packages;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    /// <summary>The verified copy of one file, as any feature uses it (the package copy's own tests cover each fault).</summary>
    public sealed class VerifiedFileCopierTests : IDisposable
    {
        private static readonly CopyErrorIds Ids = new("BackupFileFailed", "BackupDiskFull", "BackupSourceChanged", "BackupVerificationFailed");
        private const int Chunk = CopyFileSystem.BufferSize;
        private static readonly DateTime Written = new(2020, 5, 4, 3, 2, 1, DateTimeKind.Utc);
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_file_arrives_whole_under_its_final_name_with_the_sources_time(bool verifyBothSides)
        {
            var (source, destination) = Source(300_000);
            long reported = 0;

            CopyThrough(CopyFileSystem.Instance, source, destination, 300_000, verifyBothSides, bytesStreamed: read => reported += read);

            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(destination));
            Assert.Equal(Written, File.GetLastWriteTimeUtc(destination));
            Assert.Equal(300_000, reported);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_source_unlike_its_plan_fails_under_the_callers_id_and_leaves_nothing()
        {
            var (source, destination) = Source(1_000);

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(CopyFileSystem.Instance, source, destination, 999));

            Assert.Equal("BackupSourceChanged", error.ErrorId);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_file_changed_on_disk_after_its_chunks_were_read_back_fails_the_both_sides_check_naming_both_hashes_and_leaves_nothing()
        {
            var (source, destination) = Source(200_000);
            var fileSystem = new FaultyFileSystem
            {
                // Every chunk read back equal; then something else writes to the closed file before the second hash.
                Destination = (partial, stream) => new InterceptingStream(stream, afterClose: () => FlipByte(partial, 150_000)),
            };
            var bytes = File.ReadAllBytes(source);
            var sourceHash = Convert.ToHexString(SHA256.HashData(bytes));
            bytes[150_000] ^= 0x01;
            var writtenHash = Convert.ToHexString(SHA256.HashData(bytes));

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(fileSystem, source, destination, 200_000, verifyBothSides: true));

            Assert.Equal(("BackupVerificationFailed", FailureCategory.InvalidData), (error.ErrorId, error.Category));
            Assert.Equal(
                $"'Octopus.bak' failed verification: the written file hashes {writtenHash}, the source bytes read {sourceHash}; nothing was left under its name. Run again; if it repeats, check the disks.",
                error.Message);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_chunk_that_reads_back_differently_fails_verification_at_its_offset_and_leaves_nothing()
        {
            var (source, destination) = Source(Chunk * 2 + 500);
            var fileSystem = new FaultyFileSystem
            {
                // The second chunk lands with one bit flipped, as a failing disk or controller would store it.
                Destination = (_, stream) => new InterceptingStream(stream, beforeWrite: (bytes, offset) =>
                {
                    if (offset == Chunk)
                    {
                        bytes[10] ^= 0x01;
                    }
                }),
            };
            long reported = 0;

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(fileSystem, source, destination, Chunk * 2 + 500, bytesStreamed: read => reported += read));

            Assert.Equal(("BackupVerificationFailed", FailureCategory.InvalidData), (error.ErrorId, error.Category));
            Assert.Equal(
                $"'Octopus.bak' failed verification: the bytes read back from the destination at offset {Chunk} differ from the bytes written; nothing was left under its name. Run again; if it repeats, check the disks.",
                error.Message);
            Assert.Equal(Chunk, reported);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_source_that_grew_is_read_at_most_one_byte_past_its_plan_and_fails_as_changed_saying_what_was_read()
        {
            const int planned = Chunk + 10;
            var (source, destination) = Source(Chunk + 5_000);
            long read = 0;
            var fileSystem = new FaultyFileSystem { Source = (_, stream) => new InterceptingStream(stream, afterRead: (_, _, count, _) => read += count) };
            long reported = 0;

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(fileSystem, source, destination, planned, bytesStreamed: count => reported += count));

            Assert.Equal(("BackupSourceChanged", FailureCategory.InvalidData, source), (error.ErrorId, error.Category, error.Target as string));
            Assert.Equal(
                $"'Octopus.bak' changed while it was being copied (planned {planned} bytes written {Written:o}, read {planned + 1} bytes, now written {Written:o}); it was not copied. Stop whatever writes to the source and run again.",
                error.Message);
            Assert.Equal((planned + 1L, (long)Chunk), (read, reported));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void Cancelling_stops_the_copy_between_chunks_and_leaves_nothing()
        {
            var (source, destination) = Source(Chunk * 3);
            using var cancellation = new CancellationTokenSource();
            var reported = new List<int>();

            Assert.ThrowsAny<OperationCanceledException>(() =>
                CopyThrough(CopyFileSystem.Instance, source, destination, Chunk * 3, bytesStreamed: read =>
                {
                    reported.Add(read);
                    cancellation.Cancel();
                }, cancellationToken: cancellation.Token));

            Assert.Equal(new[] { Chunk }, reported);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_copy_puts_the_data_on_the_disk_before_the_file_gets_its_final_name()
        {
            var (source, destination) = Source(1_000);
            var fileSystem = new FaultyFileSystem();

            CopyThrough(fileSystem, source, destination, 1_000);

            var partial = Assert.Single(fileSystem.DurabilityEvents, e => e.StartsWith("flush ", StringComparison.Ordinal))["flush ".Length..];
            Assert.Equal(new[] { "flush " + partial, "closed " + partial, $"rename {partial} {destination}" }, fileSystem.DurabilityEvents);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(destination));
        }

        [Theory]
        [InlineData(unchecked((int)0x80070070), true)] // Windows ERROR_DISK_FULL
        [InlineData(unchecked((int)0x80070027), true)] // Windows ERROR_HANDLE_DISK_FULL
        [InlineData(28, true)] // ENOSPC
        [InlineData(122, true)] // EDQUOT
        [InlineData(5, false)] // EIO
        public void A_write_that_fails_is_a_full_disk_only_by_a_disk_full_code_and_leaves_nothing(int code, bool diskFull)
        {
            var (source, destination) = Source(1_000);
            var failure = new IOException("the write failed", code);
            var fileSystem = new FaultyFileSystem { Destination = (_, stream) => new InterceptingStream(stream, beforeWrite: (_, _) => throw failure) };

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(fileSystem, source, destination, 1_000));

            Assert.Equal((diskFull ? "BackupDiskFull" : "BackupFileFailed", FailureCategory.WriteError, destination), (error.ErrorId, error.Category, error.Target as string));
            Assert.Same(failure, error.InnerException);
            Assert.Equal(
                diskFull
                    ? $"The destination volume filled up while 'Octopus.bak' was being written; its partial file was removed and every file finished before it is complete. Free space at '{Path.GetDirectoryName(destination)}' and run again: finished files are skipped."
                    : $"'Octopus.bak' could not be written to '{destination}': the write failed",
                error.Message);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Theory]
        [InlineData(12_287L, "BackupDiskFull")]
        [InlineData(12_288L, "BackupFileFailed")]
        [InlineData(null, "BackupFileFailed")]
        public void A_failed_reservation_is_a_full_disk_only_when_the_volume_has_less_room_than_the_file_takes(long? free, string expectedId)
        {
            // 10,000 bytes take three 4 KiB clusters: 12,288 bytes.
            var (source, destination) = Source(10_000);
            var fileSystem = new FaultyFileSystem
            {
                FreeSpace = free,
                Destination = (_, stream) =>
                {
                    stream.Dispose();
                    throw new IOException("the reservation failed");
                },
            };

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(fileSystem, source, destination, 10_000));

            Assert.Equal((expectedId, FailureCategory.WriteError), (error.ErrorId, error.Category));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_source_that_cannot_be_read_fails_as_a_read_error_naming_it()
        {
            var (source, destination) = Source(1_000);
            var fileSystem = new FaultyFileSystem
            {
                Source = (_, stream) =>
                {
                    stream.Dispose();
                    throw new UnauthorizedAccessException("Access to the path is denied.");
                },
            };

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(fileSystem, source, destination, 1_000));

            Assert.Equal(("BackupFileFailed", FailureCategory.ReadError, source), (error.ErrorId, error.Category, error.Target as string));
            Assert.Equal($"'Octopus.bak' could not be read from '{source}': Access to the path is denied.", error.Message);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void An_empty_source_is_never_opened_and_arrives_empty()
        {
            var (source, destination) = Source(0);
            var fileSystem = new FaultyFileSystem { Source = (path, _) => throw new IOException("an empty entry may be a FIFO: never open it") };

            CopyThrough(fileSystem, source, destination, 0);

            Assert.Empty(File.ReadAllBytes(destination));
            Assert.Equal(Written, File.GetLastWriteTimeUtc(destination));
        }

        [Fact]
        public void A_destination_that_gives_its_bytes_back_in_pieces_is_read_until_each_chunk_is_whole()
        {
            var (source, destination) = Source(Chunk + 5_000);
            // Short reads are allowed of any stream: the read-back must not take one for a missing tail.
            var fileSystem = new FaultyFileSystem { Destination = (_, stream) => new InterceptingStream(stream, limitRead: (_, count) => Math.Min(count, 1_000)) };

            CopyThrough(fileSystem, source, destination, Chunk + 5_000);

            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(destination));
        }

        [Fact]
        public void A_destination_that_ends_before_the_chunk_written_fails_verification_at_that_chunk_and_leaves_nothing()
        {
            var (source, destination) = Source(Chunk * 2 + 500);
            // The second chunk reads back only its first 100 bytes, then the file ends: its tail did not land.
            var fileSystem = new FaultyFileSystem
            {
                Destination = (_, stream) => new InterceptingStream(stream, limitRead: (position, count) => (int)Math.Clamp(Chunk + 100 - position, 0, count)),
            };

            var error = Assert.Throws<OctopusUpgradeException>(() => CopyThrough(fileSystem, source, destination, Chunk * 2 + 500));

            Assert.Equal(("BackupVerificationFailed", FailureCategory.InvalidData), (error.ErrorId, error.Category));
            Assert.Contains($"the bytes read back from the destination at offset {Chunk} differ from the bytes written", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_copy_needs_its_file_system_and_error_ids()
        {
            Assert.Equal("fileSystem", Assert.Throws<ArgumentNullException>(() => new VerifiedFileCopier(null!, Ids)).ParamName);
            Assert.Equal("errorIds", Assert.Throws<ArgumentNullException>(() => new VerifiedFileCopier(CopyFileSystem.Instance, null!)).ParamName);
        }

        private static void FlipByte(string path, long offset)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            file.Position = offset;
            var value = file.ReadByte();
            file.Position = offset;
            file.WriteByte((byte)(value ^ 0x01));
        }

        private static void CopyThrough(ICopyFileSystem fileSystem, string source, string destination, long length, bool verifyBothSides = false, Action<int>? bytesStreamed = null, CancellationToken cancellationToken = default) =>
            new VerifiedFileCopier(fileSystem, Ids).Copy(Copy(source, destination, length), verifyBothSides, new FileWorkerBuffers(), new DestinationFolders(StringComparer.Ordinal), bytesStreamed ?? (_ => { }), cancellationToken);

        private static VerifiedCopy Copy(string source, string destination, long length) => new("Octopus.bak", source, destination, length, Written);

        private (string Source, string Destination) Source(int length)
        {
            var source = _folder.Combine("from", "Octopus.bak");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            var bytes = new byte[length];
            new Random(length).NextBytes(bytes);
            File.WriteAllBytes(source, bytes);
            File.SetLastWriteTimeUtc(source, Written);
            return (source, _folder.Combine("to", "Octopus.bak"));
        }
    }
}
