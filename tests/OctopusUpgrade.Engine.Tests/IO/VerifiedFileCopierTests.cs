using System;
using System.IO;
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

            Copier().Copy(Copy(source, destination, 300_000), verifyBothSides, new FileWorkerBuffers(), new DestinationFolders(StringComparer.Ordinal), read => reported += read, CancellationToken.None);

            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(destination));
            Assert.Equal(Written, File.GetLastWriteTimeUtc(destination));
            Assert.Equal(300_000, reported);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_source_unlike_its_plan_fails_under_the_callers_id_and_leaves_nothing()
        {
            var (source, destination) = Source(1_000);

            var error = Assert.Throws<OctopusUpgradeException>(() =>
                Copier().Copy(Copy(source, destination, 999), false, new FileWorkerBuffers(), new DestinationFolders(StringComparer.Ordinal), _ => { }, CancellationToken.None));

            Assert.Equal("BackupSourceChanged", error.ErrorId);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void A_file_changed_on_disk_after_its_chunks_were_read_back_fails_the_both_sides_check_and_leaves_nothing()
        {
            var (source, destination) = Source(200_000);
            var fileSystem = new FaultyFileSystem
            {
                // Every chunk read back equal; then something else writes to the closed file before the second hash.
                Destination = (partial, stream) => new InterceptingStream(stream, afterClose: () => FlipByte(partial, 150_000)),
            };

            var error = Assert.Throws<OctopusUpgradeException>(() =>
                new VerifiedFileCopier(fileSystem, Ids).Copy(Copy(source, destination, 200_000), true, new FileWorkerBuffers(), new DestinationFolders(StringComparer.Ordinal), _ => { }, CancellationToken.None));

            Assert.Equal("BackupVerificationFailed", error.ErrorId);
            Assert.Contains("the written file hashes", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        }

        [Fact]
        public void An_empty_source_is_never_opened_and_arrives_empty()
        {
            var (source, destination) = Source(0);
            var fileSystem = new FaultyFileSystem { Source = (path, _) => throw new IOException("an empty entry may be a FIFO: never open it") };
            var folders = new DestinationFolders(StringComparer.Ordinal);

            new VerifiedFileCopier(fileSystem, Ids).Copy(Copy(source, destination, 0), false, new FileWorkerBuffers(), folders, _ => { }, CancellationToken.None);

            Assert.Empty(File.ReadAllBytes(destination));
            Assert.Equal(Written, File.GetLastWriteTimeUtc(destination));
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

        private static VerifiedFileCopier Copier() => new(CopyFileSystem.Instance, Ids);

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
