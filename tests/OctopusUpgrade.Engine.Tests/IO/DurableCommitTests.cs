using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Tests.Packages;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    /// <summary>The batched commit of the package copy on its own: what a failed file-system sync leaves, and the real syncfs where the platform has it.</summary>
    public sealed class DurableCommitTests : IDisposable
    {
        private const string NotDurable = PackageErrorIds.CopyNotDurable;
        private static readonly CopyErrorIds Ids = new(PackageErrorIds.CopyFileFailed, PackageErrorIds.CopyDiskFull, PackageErrorIds.CopySourceChanged, PackageErrorIds.CopyVerificationFailed);
        private readonly TempFolder _folder = new();
        private readonly FaultyFileSystem _fileSystem = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void After_a_failed_file_system_sync_every_later_batch_fails_too_though_its_own_sync_would_succeed()
        {
            var syncs = 0;
            _fileSystem.BeforeFileSystemSync = number =>
            {
                syncs = number;
                if (number == 1)
                {
                    throw new IOException("syncfs reported Input/output error (errno 5)", 5);
                }
            };
            var (copier, folders, destination) = Setup();
            using var commit = new DurableCommit(_fileSystem, destination, copier, folders, new CommitBatchSize(1, 1L << 30), NotDurable);
            var published = 0;

            var first = Assert.Throws<OctopusUpgradeException>(() => commit.Add(Write(copier, folders, destination, "A.1.0.0.nupkg"), (_, _) => published++));
            var second = Assert.Throws<OctopusUpgradeException>(() => commit.Add(Write(copier, folders, destination, "B.1.0.0.nupkg"), (_, _) => published++));

            Assert.Equal((NotDurable, NotDurable, FailureCategory.WriteError), (first.ErrorId, second.ErrorId, second.Category));
            Assert.Contains("Input/output error (errno 5)", second.Message, StringComparison.Ordinal);
            Assert.Equal((1, 0), (syncs, published));
            Assert.Empty(Directory.GetFiles(destination));
        }

        [Fact]
        public void Files_of_a_batch_not_committed_are_discarded_without_a_final_name()
        {
            var (copier, folders, destination) = Setup();
            using var commit = new DurableCommit(_fileSystem, destination, copier, folders, new CommitBatchSize(10, 1L << 30), NotDurable);
            commit.Add(Write(copier, folders, destination, "A.1.0.0.nupkg"), (_, _) => throw new InvalidOperationException("not committed yet"));

            commit.DiscardRest();
            commit.CommitRest((_, _) => throw new InvalidOperationException("nothing left to commit"));

            Assert.Empty(Directory.GetFiles(destination));
            Assert.DoesNotContain(_fileSystem.DurabilityEvents, e => e.StartsWith("syncfs", StringComparison.Ordinal) || e.StartsWith("rename", StringComparison.Ordinal));
        }

        [Fact]
        public void A_batch_is_committed_when_its_bytes_reach_exactly_the_batch_size()
        {
            var (copier, folders, destination) = Setup();
            using var commit = new DurableCommit(_fileSystem, destination, copier, folders, new CommitBatchSize(10, 20_000), NotDurable);
            var published = new List<string>();

            commit.Add(Write(copier, folders, destination, "A.1.0.0.nupkg"), (written, _) => published.Add(written.File.Name));
            var afterFirst = published.Count;
            commit.Add(Write(copier, folders, destination, "B.1.0.0.nupkg"), (written, _) => published.Add(written.File.Name));

            Assert.Equal(0, afterFirst);
            Assert.Equal(new[] { "A.1.0.0.nupkg", "B.1.0.0.nupkg" }, published);
            Assert.Single(_fileSystem.DurabilityEvents, e => e.StartsWith("syncfs", StringComparison.Ordinal));
        }

        [Fact]
        public void The_default_batch_is_committed_at_256_MiB_and_not_a_byte_before()
        {
            var (copier, folders, destination) = Setup();
            using var commit = new DurableCommit(_fileSystem, destination, copier, folders, CommitBatchSize.Default, NotDurable);
            var published = new List<string>();
            // Real partial files of 10,000 bytes, counted as large files: the batch closes on the lengths the plan gave.
            var large = Write(copier, folders, destination, "A.1.0.0.nupkg");
            var last = Write(copier, folders, destination, "B.1.0.0.nupkg");

            commit.Add(large with { File = large.File with { Length = (256L << 20) - 1 } }, (written, _) => published.Add(written.File.Name));
            var afterFirst = published.Count;
            commit.Add(last with { File = last.File with { Length = 1 } }, (written, _) => published.Add(written.File.Name));

            Assert.Equal(0, afterFirst);
            Assert.Equal(new[] { "A.1.0.0.nupkg", "B.1.0.0.nupkg" }, published);
        }

        [Fact]
        public void The_real_file_system_sync_is_offered_on_linux_from_kernel_5_8_and_succeeds_and_nowhere_else()
        {
            var expected = OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 8);

            using var sync = CopyFileSystem.Instance.OpenFileSystemSync(_folder.Path);
            using var missing = CopyFileSystem.Instance.OpenFileSystemSync(_folder.Combine("missing"));

            Assert.Equal(expected, sync is not null);
            Assert.Null(missing);
            sync?.Sync();
        }

        private (VerifiedFileCopier Copier, DestinationFolders Folders, string Destination) Setup()
        {
            var destination = _folder.Combine("to");
            Directory.CreateDirectory(destination);
            return (new VerifiedFileCopier(_fileSystem, Ids), new DestinationFolders(StringComparer.Ordinal), destination);
        }

        private VerifiedPartial Write(VerifiedFileCopier copier, DestinationFolders folders, string destination, string name)
        {
            var source = _folder.Combine("from", name);
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllBytes(source, Enumerable.Repeat((byte)7, 10_000).ToArray());
            var info = new FileInfo(source);
            var written = copier.Write(new VerifiedCopy(name, source, Path.Combine(destination, name), info.Length, info.LastWriteTimeUtc), false, false, new FileWorkerBuffers(), folders, _ => { }, CancellationToken.None);
            Assert.True(File.Exists(written.PartialPath));
            return written;
        }
    }
}
