using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    public sealed class PackageCopierTests : IDisposable
    {
        private readonly TestFeed _feed = new();
        private readonly RecordingReporter _reporter = new();
        private readonly FaultyFileSystem _fileSystem = new();

        public void Dispose() => _feed.Dispose();

        [Theory]
        [InlineData(PackageVerifyMode.Fast, 1)]
        [InlineData(PackageVerifyMode.Fast, 4)]
        [InlineData(PackageVerifyMode.Full, 3)]
        public async Task Copies_the_feed_verified_with_layout_and_timestamps(PackageVerifyMode mode, int parallelism)
        {
            _feed.AddPackages(40, 3 * CopyFileSystem.BufferSize);
            _feed.AddSource("empty.nupkg", 0);

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { VerifyMode = mode, MaxParallelism = parallelism });

            _feed.AssertDestinationMatchesSource();
            Assert.Equal((41, 0, 0), (result.Copied, result.Skipped, result.Failed));
            Assert.Equal(Directory.EnumerateFiles(_feed.Source, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length), result.BytesCopied);
            Assert.Equal(41, result.PackageCount);
            Assert.Empty(_reporter.Errors);
        }

        [Theory]
        [InlineData(PackageVerifyMode.Fast)]
        [InlineData(PackageVerifyMode.Full)]
        public async Task A_second_run_copies_nothing(PackageVerifyMode mode)
        {
            _feed.AddPackages(25, 100_000);
            await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            var again = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { VerifyMode = mode });

            Assert.Equal((0, 25, 0L), (again.Copied, again.Skipped, again.BytesCopied));
            _feed.AssertDestinationMatchesSource();
        }

        [Fact]
        public async Task Copies_ten_thousand_small_files()
        {
            _feed.AddPackages(10_000, 600);

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal((10_000, 0), (result.Copied, result.Failed));
            _feed.AssertDestinationMatchesSource();
        }

        [Fact]
        public async Task Copies_names_with_spaces_and_unicode()
        {
            _feed.AddSource(Path.Combine("Ünïcødé Pâckage", "Ünïcødé Pâckage.1.0.0.nupkg"), 1000);
            _feed.AddSource(Path.Combine("名前 付き", "名前 付き.2.0.0-beta 1.nupkg"), 2000);
            _feed.AddSource(Path.Combine("With Space", "Sub Folder", "With Space.3.0.0.nupkg"), 3000);

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(3, result.Copied);
            _feed.AssertDestinationMatchesSource();
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_byte_corrupted_on_its_way_to_disk_fails_that_file_only(bool syncsFileSystem)
        {
            _feed.AddPackages(10, 50_000);
            _fileSystem.SyncsFileSystem = syncsFileSystem;
            var victim = Path.Combine("Acme.App3", "Acme.App3.1.0.3.nupkg");
            _fileSystem.Destination = (path, stream) => path.Contains(Path.GetFileName(victim), StringComparison.Ordinal)
                ? new InterceptingStream(stream, beforeWrite: (bytes, position) => bytes[bytes.Length / 2] ^= 0x40)
                : stream;

            // Batches of three: the failed file's batch commits its other files, durable before their renames.
            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 2 }, batchSize: new CommitBatchSize(3, 1L << 30));

            Assert.Equal(9, AssertEachFileDurableBeforeItsRenameAndItsFolderSyncedAfter(_fileSystem.DurabilityEvents.ToList(), syncsFileSystem).Count);

            Assert.Equal((9, 1), (result.Copied, result.Failed));
            var error = Assert.Single(_reporter.Errors);
            Assert.Equal(PackageErrorIds.CopyVerificationFailed, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Contains(victim, error.Message, StringComparison.Ordinal);
            Assert.Equal(victim, Assert.Single(result.Failures).RelativePath);
            Assert.False(File.Exists(Path.Combine(_feed.Destination, victim)));
            Assert.Empty(TestFeed.PartialFiles(_feed.Destination));
        }

        [Fact]
        public async Task Full_verification_catches_a_source_that_reads_differently_twice()
        {
            var flaky = _feed.AddSource("Flaky.1.0.0.nupkg", 70_000);
            var opened = 0;
            _fileSystem.Source = (path, stream) => path != flaky || Interlocked.Increment(ref opened) == 1
                ? stream
                : new InterceptingStream(stream, afterRead: (buffer, offset, count, position) => buffer[offset] ^= 1);

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { VerifyMode = PackageVerifyMode.Full });

            Assert.Equal(1, result.Failed);
            Assert.Contains("read a second time", Assert.Single(_reporter.Errors).Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(_feed.Destination, "Flaky.1.0.0.nupkg")));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(0)]
        public async Task A_source_changed_between_plan_and_copy_is_not_copied(int extraBytes)
        {
            var path = _feed.AddSource("Changing.1.0.0.nupkg", 5000);
            _feed.AddSource("Steady.1.0.0.nupkg", 5000);
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            TestFeed.Write(path, 5000 + extraBytes, seed: 99);

            var result = await new PackageCopier(_reporter, TimeProvider.System, _fileSystem).CopyAsync(plan);

            Assert.Equal((1, 1), (result.Copied, result.Failed));
            Assert.Equal(PackageErrorIds.CopySourceChanged, Assert.Single(_reporter.Errors).ErrorId);
            Assert.False(File.Exists(Path.Combine(_feed.Destination, "Changing.1.0.0.nupkg")));
            Assert.Empty(TestFeed.PartialFiles(_feed.Destination));
        }

        [Fact]
        public async Task An_unreadable_source_file_is_a_read_error_for_that_file()
        {
            _feed.AddPackages(6, 10_000);
            _fileSystem.Source = (path, stream) =>
            {
                if (path.EndsWith("1.0.4.nupkg", StringComparison.Ordinal))
                {
                    stream.Dispose();
                    throw new UnauthorizedAccessException("Access to the path is denied.");
                }

                return stream;
            };

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal((5, 1), (result.Copied, result.Failed));
            var error = Assert.Single(_reporter.Errors);
            Assert.Equal((PackageErrorIds.CopyFileFailed, FailureCategory.ReadError), (error.ErrorId, error.Category));
            Assert.EndsWith("1.0.4.nupkg", (string)error.Target!, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_read_only_destination_file_is_left_alone_and_reported()
        {
            _feed.AddPackages(5, 10_000);
            var relative = Path.Combine("Acme.App2", "Acme.App2.1.0.2.nupkg");
            var protectedFile = Path.Combine(_feed.Destination, relative);
            TestFeed.Write(protectedFile, 10, seed: 5);
            File.SetAttributes(protectedFile, FileAttributes.ReadOnly);

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal((4, 1), (result.Copied, result.Failed));
            var error = Assert.Single(_reporter.Errors);
            Assert.Equal((PackageErrorIds.CopyFileFailed, FailureCategory.WriteError), (error.ErrorId, error.Category));
            Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
            Assert.Equal(10, new FileInfo(protectedFile).Length);
            Assert.Empty(TestFeed.PartialFiles(_feed.Destination));
        }

        [Fact]
        public async Task A_destination_without_room_is_refused_before_the_first_byte()
        {
            _feed.AddPackages(5, 10_000);
            _fileSystem.FreeSpace = 5 * 4096;

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination)));

            Assert.Equal(PackageErrorIds.CopyInsufficientSpace, error.ErrorId);
            Assert.False(Directory.Exists(_feed.Destination));
        }

        [Fact]
        public async Task A_disk_filling_up_mid_file_stops_cleanly_keeping_finished_files()
        {
            _feed.AddPackages(30, 200_000);
            long written = 0;
            _fileSystem.Destination = (path, stream) => new InterceptingStream(stream, beforeWrite: (bytes, position) =>
            {
                if (Interlocked.Add(ref written, bytes.Length) > 2_000_000)
                {
                    throw new IOException("No space left on device", 28);
                }
            });

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 3 }));

            Assert.Equal((PackageErrorIds.CopyDiskFull, FailureCategory.WriteError), (error.ErrorId, error.Category));
            Assert.Empty(TestFeed.PartialFiles(_feed.Destination));
            var copied = TestFeed.Snapshot(_feed.Destination);
            var source = TestFeed.Snapshot(_feed.Source);
            Assert.NotEmpty(copied);
            Assert.True(copied.Count < source.Count);
            Assert.All(copied, file => Assert.Equal(source[file.Key], file.Value));
        }

        [Fact]
        public async Task A_reservation_the_full_volume_refuses_is_the_disk_full_stop_not_a_failure_per_file()
        {
            // .NET reports a failed pre-allocation as a plain IOException ("... because the disk was full"), no ENOSPC.
            _feed.AddPackages(30, 200_000);
            var created = 0;
            _fileSystem.Destination = (path, stream) =>
            {
                if (path.Contains(".nupkg", StringComparison.Ordinal) && Interlocked.Increment(ref created) > 5)
                {
                    stream.Dispose();
                    _fileSystem.FreeSpace = 0;
                    throw new IOException($"Failed to create '{path}' with allocation size '200000' because the disk was full.");
                }

                return stream;
            };

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 3 }));

            Assert.Equal(PackageErrorIds.CopyDiskFull, error.ErrorId);
            Assert.Empty(_reporter.Errors);
            Assert.Empty(TestFeed.PartialFiles(_feed.Destination));
        }

        [Fact]
        public async Task A_destination_nothing_can_be_written_to_fails_once_before_the_first_byte()
        {
            _feed.AddPackages(10, 1_000);
            _fileSystem.Destination = (_, stream) =>
            {
                stream.Dispose();
                throw new UnauthorizedAccessException("Access to the path is denied.");
            };

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination)));

            Assert.Equal((PackageErrorIds.CopyDestinationUnwritable, FailureCategory.PermissionDenied, (object?)_feed.Destination), (error.ErrorId, error.Category, error.Target));
            Assert.Equal(
                $"Nothing can be written to the destination '{_feed.Destination}': Access to the path is denied. Check that it is the new server's packages folder, that the volume is writable and that this account may write there; nothing was copied.",
                error.Message);
            Assert.IsType<UnauthorizedAccessException>(error.InnerException);
            Assert.Empty(_reporter.Errors);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_feed.Destination));
        }

        [Theory]
        [InlineData(1_000_000, 1_052_672, "has 1,000,000 bytes free", "need 1,052,672 bytes")]
        [InlineData(1_048_576, 1_052_672, "has 1,048,576 bytes free", "need 1,052,672 bytes")]
        [InlineData(5_242_880, 10_485_760, "has 5.0 MB free", "need 10.0 MB")]
        public async Task Free_and_needed_space_never_read_the_same(long free, long needed, string hasText, string needText)
        {
            _feed.AddSource("Acme.App/Acme.App.1.0.0.nupkg", (int)needed);
            _fileSystem.FreeSpace = free;

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination)));

            Assert.Equal(PackageErrorIds.CopyInsufficientSpace, error.ErrorId);
            Assert.Contains(hasText, error.Message, StringComparison.Ordinal);
            Assert.Contains(needText, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_pseudo_file_system_has_no_free_space_reading_rather_than_none_free()
        {
            var pseudo = OperatingSystem.IsLinux() ? "/proc" : Path.GetTempPath();

            var free = CopyFileSystem.Instance.GetAvailableFreeSpace(pseudo);

            Assert.True(OperatingSystem.IsLinux() ? free is null : free > 0, $"free space read as {free}");
        }

        [Fact]
        public async Task Links_and_special_files_in_the_source_are_reported_and_never_followed()
        {
            _feed.AddSource("Acme.App/Acme.App.1.0.0.nupkg", 1_000);
            using var outside = new TempFolder();
            File.WriteAllText(outside.Combine("id_rsa"), "PRIVATE KEY");
            Directory.CreateSymbolicLink(Path.Combine(_feed.Source, "Acme.App", "up"), "..");
            Directory.CreateSymbolicLink(Path.Combine(_feed.Source, "Elsewhere"), outside.Path);
            File.CreateSymbolicLink(Path.Combine(_feed.Source, "Acme.App", "zero.nupkg"), "/dev/zero");
            var fifo = Path.Combine(_feed.Source, "Acme.App", "pipe.nupkg");
            NamedPipe.Create(fifo);

            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            var result = await new PackageCopier(_reporter, TimeProvider.System, _fileSystem).CopyAsync(plan);

            // The FIFO lists as an empty file: it is written empty, never opened (opening it would block forever).
            Assert.Equal(new[] { Path.Combine("Acme.App", "Acme.App.1.0.0.nupkg"), Path.Combine("Acme.App", "pipe.nupkg") }, plan.Files.Select(f => f.RelativePath));
            Assert.Equal(3, plan.SkippedSourceEntries.Count);
            Assert.All(plan.SkippedSourceEntries, e => Assert.Contains("link or junction; it was not followed", e, StringComparison.Ordinal));
            Assert.Equal(2, result.Copied);
            Assert.Equal(0, new FileInfo(Path.Combine(_feed.Destination, "Acme.App", "pipe.nupkg")).Length);
            Assert.False(File.Exists(Path.Combine(_feed.Destination, "Elsewhere", "id_rsa")));
            Assert.False(File.Exists(Path.Combine(_feed.Destination, "Acme.App", "zero.nupkg")));
        }

        [Fact]
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public async Task A_copy_is_never_more_open_than_its_source_not_even_while_it_is_written()
        {
            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            var key = _feed.AddSource("Acme.App/Acme.App.1.0.0.nupkg", 1_000);
            File.SetUnixFileMode(key, ownerOnly);
            var executable = _feed.AddSource("Acme.App/Acme.App.1.0.1.nupkg", 1_000);
            File.SetUnixFileMode(executable, ownerOnly | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            // Another user can open a file while it is wider and read through that handle later, whatever the mode
            // becomes: so the partial file must be narrow from the moment it exists, not only once renamed.
            var atCreation = new ConcurrentDictionary<string, UnixFileMode>();
            _fileSystem.Destination = (path, stream) =>
            {
                if (PartialFile.Is(path))
                {
                    atCreation[Path.GetFileName(path).Split(".octopusupgrade-")[0]] = File.GetUnixFileMode(path);
                }

                return stream;
            };

            await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            var umask = ~File.GetUnixFileMode(_feed.Destination) & (UnixFileMode)0x1ff;
            Assert.Equal(ownerOnly, atCreation["Acme.App.1.0.0.nupkg"]);
            Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(_feed.Destination, "Acme.App", "Acme.App.1.0.0.nupkg")));
            // Execute bits are not carried; read bits are, as far as the umask lets them.
            Assert.Equal((ownerOnly | UnixFileMode.GroupRead) & ~umask, atCreation["Acme.App.1.0.1.nupkg"]);
            Assert.Equal((ownerOnly | UnixFileMode.GroupRead) & ~umask, File.GetUnixFileMode(Path.Combine(_feed.Destination, "Acme.App", "Acme.App.1.0.1.nupkg")));
        }

        [Fact]
        public async Task A_source_that_does_not_end_is_read_no_further_than_one_byte_past_its_planned_length()
        {
            _feed.AddSource("Acme.App/Acme.App.1.0.0.nupkg", 5_000);
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            long read = 0;
            _fileSystem.Source = (_, stream) =>
            {
                stream.Dispose();
                return new InterceptingStream(new MemoryStream(new byte[50_000_000]), afterRead: (_, _, count, _) => Interlocked.Add(ref read, count));
            };

            var result = await new PackageCopier(_reporter, TimeProvider.System, _fileSystem).CopyAsync(plan);

            Assert.Equal(1, result.Failed);
            Assert.Equal(PackageErrorIds.CopySourceChanged, Assert.Single(_reporter.Errors).ErrorId);
            Assert.Equal(5_001, read);
        }

        [Fact]
        public async Task Cancelled_mid_copy_then_resumed_copies_each_file_once()
        {
            _feed.AddPackages(60, 300_000);
            using var cancellation = new CancellationTokenSource();
            var finished = 0;
            _reporter.OnVerbose = _ =>
            {
                if (Interlocked.Increment(ref finished) == 20)
                {
                    cancellation.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 2 }, cancellation.Token, new CommitBatchSize(5, 1L << 30)));
            var done = TestFeed.Snapshot(_feed.Destination);
            var source = TestFeed.Snapshot(_feed.Source);
            _reporter.OnVerbose = null;

            var resumed = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.InRange(done.Count, 20, 59);
            Assert.All(done, file => Assert.Equal(source[file.Key], file.Value));
            Assert.Equal((60 - done.Count, done.Count), (resumed.Copied, resumed.Skipped));
            _feed.AssertDestinationMatchesSource();
        }

        [Fact]
        public async Task A_partial_file_left_by_a_killed_run_is_removed_and_its_package_copied()
        {
            _feed.AddPackages(3, 10_000);
            var stale = Path.Combine(_feed.Destination, "Acme.App1", "Acme.App1.1.0.1.nupkg.octopusupgrade-0badf00d.partial");
            TestFeed.Write(stale, 123, seed: 1);

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(3, result.Copied);
            Assert.False(File.Exists(stale));
            _feed.AssertDestinationMatchesSource();
        }

        [Fact]
        public async Task Progress_reports_files_bytes_rate_and_time_left_at_most_four_times_a_second()
        {
            _feed.AddPackages(12, 2 * CopyFileSystem.BufferSize);
            var clock = new FakeTimeProvider { StepPerReading = TimeSpan.FromMilliseconds(40) };
            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 1 });

            await new PackageCopier(_reporter, clock, _fileSystem).CopyAsync(plan);

            var reports = _reporter.Progresses.ToArray();
            Assert.True(reports.Length >= 3, $"only {reports.Length} progress reports");
            Assert.All(reports, r => Assert.Matches(new Regex(@"^\d+/12 files, [\d.]+/[\d.]+ MB, [\d.]+ MB/s$"), r.Status));
            Assert.All(reports[..^1], r => Assert.True(r.SecondsRemaining >= 0 && r.PercentComplete is >= 0 and <= 100 && !r.Completed));
            Assert.Equal((true, 100), (reports[^1].Completed, reports[^1].PercentComplete));
            Assert.Equal(reports.Select(r => r.PercentComplete).OrderBy(p => p), reports.Select(r => r.PercentComplete));

            // Each report needs 250 ms of the clock, which ticks 40 ms per reading: so at least 7 readings between.
            Assert.True(reports.Length - 1 <= clock.Readings / 7, $"{reports.Length} reports over {clock.Readings} clock readings");
        }

        [Fact]
        public async Task A_frozen_clock_gives_only_the_closing_progress_report()
        {
            _feed.AddPackages(20, 50_000);
            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            await new PackageCopier(_reporter, new FakeTimeProvider { AutoAdvance = false }, _fileSystem).CopyAsync(plan);

            Assert.True(Assert.Single(_reporter.Progresses).Completed);
        }

        [Theory]
        [InlineData(false, 1000, 1L << 30, 0)]
        [InlineData(true, 5, 1L << 30, 4)]
        [InlineData(true, 1000, 120_000, 7)]
        [InlineData(true, 1000, 1L << 30, 1)]
        public async Task Each_file_is_durable_before_its_rename_and_each_folder_synced_after_its_renames_before_the_copy_returns(bool syncsFileSystem, int batchFiles, long batchBytes, int fileSystemSyncs)
        {
            // Twenty files of 50,000 bytes: a batch closes at 5 files, or at 3 by bytes, whatever order the workers take them in.
            for (var i = 0; i < 20; i++)
            {
                _feed.AddSource(Path.Combine($"Acme.App{i % 7}", $"Acme.App{i % 7}.1.0.{i}.nupkg"), 50_000);
            }

            _fileSystem.SyncsFileSystem = syncsFileSystem;
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 4 });

            var result = await new PackageCopier(_reporter, TimeProvider.System, _fileSystem, new CommitBatchSize(batchFiles, batchBytes)).CopyAsync(plan);
            var events = _fileSystem.DurabilityEvents.ToList();

            Assert.Equal(20, result.Copied);
            var renamed = AssertEachFileDurableBeforeItsRenameAndItsFolderSyncedAfter(events, syncsFileSystem);
            Assert.Equal(plan.FilesToCopy.Select(f => f.DestinationPath).OrderBy(p => p, StringComparer.Ordinal), renamed.OrderBy(p => p, StringComparer.Ordinal));
            Assert.Equal(fileSystemSyncs, events.Count(e => e.StartsWith("syncfs ", StringComparison.Ordinal)));

            // The package folders were created in the destination, and the destination in its parent: both entries synced too.
            Assert.Contains("sync " + _feed.Destination, events);
            Assert.Contains("sync " + Path.GetDirectoryName(_feed.Destination), events);
            Assert.Equal(events.Count(e => e.StartsWith("sync ", StringComparison.Ordinal)), events.Where(e => e.StartsWith("sync ", StringComparison.Ordinal)).Distinct().Count());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task The_journal_records_the_copy_only_after_its_folders_are_synced(bool syncsFileSystem)
        {
            _feed.AddPackages(5, 10_000);
            _fileSystem.SyncsFileSystem = syncsFileSystem;
            using var session = UpgradeSession.Create(new SessionRequest { Server = "https://octopus.example.com", ApiKey = new Secret("API-COPIERJOURNALTESTKEY0001"), JournalPath = Path.Combine(_feed.Root, "journal.json") });
            var runner = new StepRunner(session, _reporter);
            var recordsAtSync = new List<int>();
            _fileSystem.BeforeFolderSync = _ => recordsAtSync.Add(UpgradeJournal.Load(session.Journal.Path).Records.Count);
            _fileSystem.BeforeFileSystemSync = _ => recordsAtSync.Add(UpgradeJournal.Load(session.Journal.Path).Records.Count);
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            await runner.RunStageAsync(
                new StepStage(CopyNuGetPackagesStep.StepName, "Stopped part-way"),
                token => new PackageCopier(_reporter, TimeProvider.System, _fileSystem, new CommitBatchSize(2, 1L << 30)).CopyAsync(plan, token),
                PackageCopyReport.For,
                CancellationToken.None);

            Assert.NotEmpty(recordsAtSync);
            Assert.All(recordsAtSync, count => Assert.Equal(0, count));
            Assert.Equal(StepOutcome.Succeeded, Assert.Single(UpgradeJournal.Load(session.Journal.Path).Records).Outcome);
        }

        [Fact]
        public async Task A_failed_file_system_sync_stops_the_copy_and_gives_no_file_of_its_batch_or_a_later_one_its_final_name()
        {
            _feed.AddPackages(20, 50_000);
            _fileSystem.BeforeFileSystemSync = number =>
            {
                if (number == 2)
                {
                    throw new IOException("syncfs reported Input/output error (errno 5)", 5);
                }
            };

            var failure = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 4 }, batchSize: new CommitBatchSize(5, 1L << 30)));
            var events = _fileSystem.DurabilityEvents.ToList();

            Assert.Equal((PackageErrorIds.CopyNotDurable, FailureCategory.WriteError), (failure.ErrorId, failure.Category));
            Assert.Contains("Input/output error (errno 5)", failure.Message, StringComparison.Ordinal);
            // Only the first batch, the one synced: its renames may still run while the second batch's sync fails.
            var renamed = AssertEachFileDurableBeforeItsRenameAndItsFolderSyncedAfter(events, syncsFileSystem: true);
            Assert.Equal(5, renamed.Count);
            Assert.Single(events, e => e.StartsWith("syncfs ", StringComparison.Ordinal) && e != "syncfs failed");
            Assert.Equal(renamed.OrderBy(p => p, StringComparer.Ordinal), TestFeed.Snapshot(_feed.Destination).Keys.Select(f => Path.Combine(_feed.Destination, f)).OrderBy(p => p, StringComparer.Ordinal));
            Assert.Empty(TestFeed.PartialFiles(_feed.Destination));
        }

        [Fact]
        public async Task A_second_copy_into_a_destination_being_copied_into_is_refused_and_leaves_the_first_ones_partial_file_alone()
        {
            _feed.AddPackages(6, 2 * CopyFileSystem.BufferSize);
            var slow = _feed.AddSource("Acme.Slow/Acme.Slow.1.0.0.nupkg", 3 * CopyFileSystem.BufferSize);
            using var midway = new ManualResetEventSlim();
            using var resume = new ManualResetEventSlim();
            _fileSystem.Destination = (path, stream) => !path.StartsWith(slow.Replace(_feed.Source, _feed.Destination), StringComparison.Ordinal)
                ? stream
                : new InterceptingStream(stream, beforeWrite: (_, position) =>
                {
                    if (position > 0)
                    {
                        midway.Set();
                        resume.Wait();
                    }
                });
            var first = Task.Run(() => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { SessionId = Guid.NewGuid() }));
            midway.Wait();
            var partial = Assert.Single(TestFeed.PartialFiles(_feed.Destination), p => p.StartsWith(slow.Replace(_feed.Source, _feed.Destination), StringComparison.Ordinal));

            var second = new FaultyFileSystem();
            var plan = await new PackageCopyPlanner(second).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            var refused = await Assert.ThrowsAsync<OctopusUpgradeException>(() => new PackageCopier(new RecordingReporter(), TimeProvider.System, second).CopyAsync(plan));

            Assert.Contains(partial, plan.StalePartialFiles);
            Assert.Equal((PackageErrorIds.CopyDestinationInUse, FailureCategory.ResourceUnavailable), (refused.ErrorId, refused.Category));
            Assert.Contains($"pid={Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(partial), "the running copy's partial file was removed");
            Assert.Empty(second.DurabilityEvents);
            resume.Set();
            var result = await first;
            Assert.Equal((7, 0), (result.Copied, result.Failed));
            _feed.AssertDestinationMatchesSource();
        }

        [Fact]
        public async Task A_partial_file_of_a_run_that_died_holding_the_lock_is_removed_by_the_next_run()
        {
            _feed.AddPackages(3, 10_000);
            Directory.CreateDirectory(Path.Combine(_feed.Destination, "Acme.App0"));
            var stale = Path.Combine(_feed.Destination, "Acme.App0", "Acme.App0.1.0.0.nupkg.octopusupgrade-0badf00d.partial");
            File.WriteAllText(stale, "left by a run that was killed");
            File.WriteAllText(Path.Combine(_feed.Destination, PackageCopier.LockFileName), "pid=1\nhost=gone\n");
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            var result = await new PackageCopier(_reporter, TimeProvider.System, _fileSystem).CopyAsync(plan);

            Assert.Equal(3, result.Copied);
            Assert.False(File.Exists(stale));
            Assert.Contains($"pid={Environment.ProcessId}", File.ReadAllText(Path.Combine(_feed.Destination, PackageCopier.LockFileName)), StringComparison.Ordinal);
            _feed.AssertDestinationMatchesSource();
        }

        [Fact]
        public async Task Reports_each_copied_file_and_closes_with_counts_size_time_and_rate_in_exact_words()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 2 * 1024 * 1024);
            _feed.AddSource("B/B.1.0.0.nupkg", 100);
            _feed.AddSource("C/C.1.0.0.nupkg", 100);
            _feed.AddSource("C/readme.txt", 100);
            await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            File.Delete(Path.Combine(_feed.Destination, "A", "A.1.0.0.nupkg"));
            File.Delete(Path.Combine(_feed.Destination, "C", "C.1.0.0.nupkg"));
            File.Delete(Path.Combine(_feed.Destination, "C", "readme.txt"));
            _fileSystem.Source = (path, stream) =>
            {
                if (path.StartsWith(Path.Combine(_feed.Source, "C"), StringComparison.Ordinal))
                {
                    stream.Dispose();
                    throw new UnauthorizedAccessException("Access to the path is denied.");
                }

                return stream;
            };
            var clock = new FakeTimeProvider { AutoAdvance = false };
            var reporter = new RecordingReporter { OnVerbose = _ => clock.Advance(TimeSpan.FromSeconds(2)) };
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            var result = await new PackageCopier(reporter, clock, _fileSystem).CopyAsync(plan);

            Assert.Equal((1, 1, 2, 2 * 1024 * 1024L, TimeSpan.FromSeconds(2)), (result.Copied, result.Skipped, result.Failed, result.BytesCopied, result.Duration));
            Assert.Equal(2, result.PackageCount);
            Assert.Equal(new[] { Path.Combine("C", "C.1.0.0.nupkg"), Path.Combine("C", "readme.txt") }, result.Failures.Select(f => f.RelativePath));
            Assert.Equal(new[] { $"Copied and verified '{Path.Combine("A", "A.1.0.0.nupkg")}' (2097152 bytes)." }, reporter.Verboses);
            Assert.StartsWith("3/3 files, 2.0/2.0 MB, ", reporter.Progresses.Last().Status, StringComparison.Ordinal);
            Assert.Equal(
                "INFO: Copied 1 files (2.0 MB) in 2.0 s at 1.0 MB/s; skipped 1 already present; 2 failed.",
                Assert.Single(reporter.Lines, l => l.StartsWith("INFO: ", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task A_free_space_that_cannot_be_read_is_warned_about_and_the_copy_goes_on()
        {
            _feed.AddPackages(3, 1_000);
            _fileSystem.FreeSpace = null;

            var result = await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(3, result.Copied);
            Assert.Equal(new[] { $"The free space at '{_feed.Destination}' cannot be read; copying without checking it first." }, _reporter.Warnings);
            _feed.AssertDestinationMatchesSource();
        }

        [Fact]
        public async Task Free_space_of_exactly_what_the_plan_needs_is_enough()
        {
            _feed.AddPackages(3, 1_000);
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            _fileSystem.FreeSpace = plan.RequiredFreeBytes;

            var result = await new PackageCopier(_reporter, TimeProvider.System, _fileSystem).CopyAsync(plan);

            Assert.Equal(3, result.Copied);
            Assert.Empty(_reporter.Warnings);
        }

        [Fact]
        public async Task A_destination_without_room_says_what_is_free_what_is_needed_and_what_to_do()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 10 * 1024 * 1024);
            _feed.AddSource("B/B.1.0.0.nupkg", 100);
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            _fileSystem.FreeSpace = plan.RequiredFreeBytes - 1;

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => new PackageCopier(_reporter, TimeProvider.System, _fileSystem).CopyAsync(plan));

            Assert.Equal((PackageErrorIds.CopyInsufficientSpace, FailureCategory.LimitsExceeded, (object?)_feed.Destination), (error.ErrorId, error.Category, error.Target));
            Assert.Equal(
                $"The destination '{_feed.Destination}' has 10,489,855 bytes free but the 2 files to copy need 10,489,856 bytes. Free space there or choose another destination; nothing was copied.",
                error.Message);
            Assert.False(Directory.Exists(_feed.Destination));
        }

        [Fact]
        public async Task Nothing_to_copy_touches_no_destination_and_asks_for_no_room()
        {
            _fileSystem.FreeSpace = 0;
            _fileSystem.Destination = (_, stream) =>
            {
                stream.Dispose();
                throw new UnauthorizedAccessException("Access to the path is denied.");
            };
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            var result = await new PackageCopier(_reporter, TimeProvider.System, _fileSystem).CopyAsync(plan);

            Assert.Equal((0, 0, 0), (result.Copied, result.Skipped, result.Failed));
            Assert.False(Directory.Exists(_feed.Destination));
            Assert.Empty(_reporter.Warnings);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_finished_copy_run_again_takes_the_destination_lock_only_to_remove_partial_files_and_reports_each(bool partialLeft)
        {
            _feed.AddPackages(2, 1_000);
            await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            var lockFile = Path.Combine(_feed.Destination, PackageCopier.LockFileName);
            File.Delete(lockFile);
            var stale = Path.Combine(_feed.Destination, "Acme.App0", "Acme.App0.1.0.0.nupkg.octopusupgrade-0badf00d.partial");
            if (partialLeft)
            {
                File.WriteAllText(stale, "left by a run that was killed");
            }

            var reporter = new RecordingReporter();
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            var result = await new PackageCopier(reporter, TimeProvider.System, _fileSystem).CopyAsync(plan);

            Assert.Equal((0, 2), (result.Copied, result.Skipped));
            Assert.False(File.Exists(stale));
            Assert.Equal(partialLeft, File.Exists(lockFile));
            Assert.Equal(partialLeft ? new[] { $"Removing '{stale}', left by an interrupted copy." } : Array.Empty<string>(), reporter.Verboses);
        }

        [Fact]
        public async Task A_full_disk_stops_the_files_not_yet_started_even_when_space_comes_back()
        {
            foreach (var id in new[] { "A", "B", "C", "D", "E", "F" })
            {
                _feed.AddSource($"{id}/{id}.1.0.0.nupkg", 10_000);
            }

            var full = 0;
            _fileSystem.Destination = (path, stream) => !path.Contains("C.1.0.0.nupkg", StringComparison.Ordinal)
                ? stream
                : new InterceptingStream(stream, beforeWrite: (_, _) =>
                {
                    if (Interlocked.Increment(ref full) == 1)
                    {
                        throw new IOException("No space left on device", 28);
                    }
                });

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 1 }));

            Assert.Equal(PackageErrorIds.CopyDiskFull, error.ErrorId);
            Assert.Equal(
                new[] { Path.Combine("A", "A.1.0.0.nupkg"), Path.Combine("B", "B.1.0.0.nupkg") },
                TestFeed.Snapshot(_feed.Destination).Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Empty(_reporter.Errors);
        }

        [Fact]
        public async Task The_write_probe_has_its_own_name_and_is_gone_before_the_first_file()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 100);
            var created = new ConcurrentQueue<string>();
            _fileSystem.Destination = (path, stream) =>
            {
                created.Enqueue(path);
                return stream;
            };

            await CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            var probe = created.First();
            Assert.Matches(new Regex(@"^\.octopusupgrade-write-probe-[0-9a-f]{8}$"), Path.GetFileName(probe));
            Assert.Equal(_feed.Destination, Path.GetDirectoryName(probe));
            Assert.Equal(2, created.Count);
            Assert.False(File.Exists(probe));
        }

        [Fact]
        public async Task A_lock_path_that_cannot_hold_a_lock_makes_the_destination_unwritable()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 100);
            var lockPath = Path.Combine(_feed.Destination, PackageCopier.LockFileName);
            Directory.CreateDirectory(_feed.Destination);
            NamedPipe.Create(lockPath);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination)));

            Assert.Equal(
                (PackageErrorIds.CopyDestinationUnwritable, $"Nothing can be written to the destination '{_feed.Destination}': '{lockPath}' is not a regular file, so it cannot be used as a lock file: remove it or choose another path. Check that it is the new server's packages folder, that the volume is writable and that this account may write there; nothing was copied."),
                (error.ErrorId, error.Message));
            Assert.False(Directory.Exists(Path.Combine(_feed.Destination, "A")));
        }

        [Fact]
        public async Task A_lock_held_by_a_copy_that_has_not_yet_named_itself_points_to_the_lock_file()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 100);
            var lockPath = Path.Combine(_feed.Destination, PackageCopier.LockFileName);
            Directory.CreateDirectory(_feed.Destination);
            using var holder = new FileStream(lockPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination)));

            Assert.Equal(
                (PackageErrorIds.CopyDestinationInUse, (object?)_feed.Destination, $"Another copy is running into '{_feed.Destination}' (its owner is named in '{lockPath}'). Nothing was copied and none of its partial files were touched: wait for it to finish, then run again (finished files are skipped)."),
                (error.ErrorId, error.Target, error.Message));
            Assert.False(Directory.Exists(Path.Combine(_feed.Destination, "A")));
        }

        [Fact]
        public async Task A_failed_sync_of_the_last_batch_gives_none_of_its_files_a_final_name()
        {
            _feed.AddPackages(4, 10_000);
            _fileSystem.BeforeFileSystemSync = _ => throw new IOException("syncfs reported Input/output error (errno 5)", 5);

            var failure = await Assert.ThrowsAsync<OctopusUpgradeException>(() => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination)));

            Assert.Equal((PackageErrorIds.CopyNotDurable, FailureCategory.WriteError), (failure.ErrorId, failure.Category));
            Assert.DoesNotContain(_fileSystem.DurabilityEvents, e => e.StartsWith("rename ", StringComparison.Ordinal));
            Assert.Empty(TestFeed.Snapshot(_feed.Destination));
            Assert.Empty(_reporter.Errors);
        }

        [Fact]
        public async Task Cancelled_before_its_batch_is_committed_leaves_no_file_of_that_batch()
        {
            _feed.AddPackages(5, 10_000);
            using var cancellation = new CancellationTokenSource();
            var created = 0;
            _fileSystem.Destination = (path, stream) =>
            {
                if (path.EndsWith(".partial", StringComparison.Ordinal) && Interlocked.Increment(ref created) == 3)
                {
                    cancellation.Cancel();
                }

                return stream;
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => CopyAsync(new PackageCopyRequest(_feed.Source, _feed.Destination) { MaxParallelism = 1 }, cancellation.Token));

            Assert.Equal(3, created);
            Assert.DoesNotContain(_fileSystem.DurabilityEvents, e => e.StartsWith("rename ", StringComparison.Ordinal));
            Assert.Empty(TestFeed.Snapshot(_feed.Destination));
        }

        [Fact]
        public async Task Refuses_a_missing_reporter_clock_or_plan()
        {
            Assert.Equal("reporter", Assert.Throws<ArgumentNullException>(() => new PackageCopier(null!, TimeProvider.System)).ParamName);
            Assert.Equal("timeProvider", Assert.Throws<ArgumentNullException>(() => new PackageCopier(_reporter, null!)).ParamName);
            Assert.Equal("plan", (await Assert.ThrowsAsync<ArgumentNullException>(() => new PackageCopier(_reporter, TimeProvider.System).CopyAsync(null!))).ParamName);
        }

        private async Task<PackageCopyResult> CopyAsync(PackageCopyRequest request, CancellationToken cancellationToken = default, CommitBatchSize? batchSize = null)
        {
            var plan = await new PackageCopyPlanner(_fileSystem).CreatePlanAsync(request, cancellationToken);
            return await new PackageCopier(_reporter, TimeProvider.System, _fileSystem, batchSize).CopyAsync(plan, cancellationToken);
        }

        /// <summary>
        /// What a power loss must never find: a final name whose data was not yet on the disk. Each file renamed into
        /// place was closed, then made durable (its own flush, or a file-system sync after it closed), then renamed, and
        /// its folder was synced after the rename. Returns the files renamed into place.
        /// </summary>
        private static List<string> AssertEachFileDurableBeforeItsRenameAndItsFolderSyncedAfter(List<string> events, bool syncsFileSystem)
        {
            var renamed = new List<string>();
            for (var rename = 0; rename < events.Count; rename++)
            {
                if (!events[rename].StartsWith("rename ", StringComparison.Ordinal))
                {
                    continue;
                }

                var paths = events[rename].Substring("rename ".Length);
                var split = paths.IndexOf(".partial ", StringComparison.Ordinal) + ".partial".Length;
                var (partial, final) = (paths.Substring(0, split), paths.Substring(split + 1));
                var closed = events.IndexOf("closed " + partial);
                Assert.InRange(closed, 0, rename - 1);

                // Its own flush comes before it is closed; a file-system sync counts only once it is closed.
                var durable = syncsFileSystem
                    ? events.FindIndex(closed, rename - closed, e => e.StartsWith("syncfs ", StringComparison.Ordinal) && e != "syncfs failed")
                    : events.IndexOf("flush " + partial);
                Assert.True(durable >= 0 && durable < rename, $"{final} was renamed before its data was made durable");
                Assert.True(events.IndexOf("sync " + Path.GetDirectoryName(final), rename) > rename, $"{final}'s folder was not synced after its rename");
                renamed.Add(final);
            }

            Assert.DoesNotContain(events, e => e.StartsWith(syncsFileSystem ? "flush " : "syncfs ", StringComparison.Ordinal));
            return renamed;
        }
    }
}
