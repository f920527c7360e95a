using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Packages;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    public sealed class PackageCopyPlannerTests : IDisposable
    {
        private readonly TestFeed _feed = new();

        public void Dispose() => _feed.Dispose();

        // Paths are relative to the test folder; "src" is the existing source feed.
        [Theory]
        [InlineData("src", "src", "PackageCopySamePath")]
        [InlineData("src", "src/", "PackageCopySamePath")]
        [InlineData("src", "src/../Packages", "PackageCopySamePath")]
        [InlineData("src", "src/Spaces-1", "PackageCopyPathsOverlap")]
        [InlineData("src/Inner", "src", "PackageCopyPathsOverlap")]
        [InlineData("missing", "dst", "PackageCopySourceNotFound")]
        public async Task Refuses_paths_that_cannot_be_copied_between(string source, string destination, string errorId)
        {
            Directory.CreateDirectory(Path.Combine(_feed.Source, "Inner"));
            string Resolve(string path) => Path.Combine(_feed.Root, path.Replace("src", Path.GetRelativePath(_feed.Root, _feed.Source)));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(Resolve(source), Resolve(destination))));

            Assert.Equal(errorId, error.ErrorId);
            Assert.False(Directory.Exists(_feed.Destination));
        }

        [Theory]
        [InlineData("", "PackageCopySamePath")]
        [InlineData("Inner", "PackageCopyPathsOverlap")]
        public async Task A_destination_reached_through_a_link_into_the_source_is_refused_as_the_source(string below, string errorId)
        {
            _feed.AddPackages(3, 100);
            Directory.CreateDirectory(Path.Combine(_feed.Source, "Inner"));
            var link = Path.Combine(_feed.Root, "link-to-source");
            Directory.CreateSymbolicLink(link, _feed.Source);
            var before = TestFeed.Snapshot(_feed.Source);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, Path.Combine(link, below))));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(before, TestFeed.Snapshot(_feed.Source));
        }

        [Theory]
        [InlineData("")]
        [InlineData("Spaces-1")]
        public async Task A_destination_that_is_a_file_or_lies_under_one_is_refused_once_up_front(string below)
        {
            _feed.AddPackages(3, 100);
            Directory.CreateDirectory(Path.GetDirectoryName(_feed.Destination)!);
            File.WriteAllText(_feed.Destination, "not a folder");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, Path.Combine(_feed.Destination, below))));

            Assert.Equal((PackageErrorIds.CopyDestinationIsFile, FailureCategory.InvalidArgument), (error.ErrorId, error.Category));
            Assert.Equal("not a folder", File.ReadAllText(_feed.Destination));
        }

        [Theory]
        [InlineData("relative/Packages", "/abs/Packages", "The source folder 'relative/Packages' is not an absolute path; give the full path.")]
        [InlineData("/abs/Packages", "relative/Packages", "The destination folder 'relative/Packages' is not an absolute path; give the full path.")]
        [InlineData("", "/abs/Packages", "The source folder '' is not an absolute path; give the full path.")]
        public async Task Refuses_paths_that_are_not_absolute(string source, string destination, string message)
        {
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(source, destination)));

            Assert.Equal(("PackageCopyPathNotAbsolute", message), (error.ErrorId, error.Message));
        }

        [Fact]
        public async Task Plan_decides_copy_or_skip_for_each_file_and_writes_nothing()
        {
            _feed.AddSource("Missing/Missing.1.0.0.nupkg", 100);
            _feed.AddSource("Resized/Resized.1.0.0.nupkg", 200);
            _feed.AddSource("Retimed/Retimed.1.0.0.nupkg", 300);
            _feed.AddSource("Same/Same.1.0.0.nupkg", 400);
            CopyToDestination("Resized/Resized.1.0.0.nupkg", length: 201);
            CopyToDestination("Retimed/Retimed.1.0.0.nupkg", shiftTime: TimeSpan.FromHours(1));
            CopyToDestination("Same/Same.1.0.0.nupkg");
            var before = TestFeed.Snapshot(_feed.Destination);

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(
                new[]
                {
                    (Path.Combine("Missing", "Missing.1.0.0.nupkg"), PackageCopyAction.Copy, PackageCopyReason.Missing),
                    (Path.Combine("Resized", "Resized.1.0.0.nupkg"), PackageCopyAction.Copy, PackageCopyReason.SizeDiffers),
                    (Path.Combine("Retimed", "Retimed.1.0.0.nupkg"), PackageCopyAction.Copy, PackageCopyReason.TimestampDiffers),
                    (Path.Combine("Same", "Same.1.0.0.nupkg"), PackageCopyAction.Skip, PackageCopyReason.SizeAndTimestampMatch),
                },
                plan.Files.Select(f => (f.RelativePath, f.Action, f.Reason)));
            Assert.Equal(600, plan.BytesToCopy);
            Assert.Equal(400, plan.BytesToSkip);
            Assert.Equal(3 * 4096, plan.RequiredFreeBytes);
            Assert.Equal(4, plan.PackageCount);
            Assert.Equal(before, TestFeed.Snapshot(_feed.Destination));
        }

        [Fact]
        public async Task Full_verification_decides_by_content_not_by_timestamps()
        {
            _feed.AddSource("SameContentOtherTime.nupkg", 500);
            _feed.AddSource("OtherContentSameTime.nupkg", 500);
            CopyToDestination("SameContentOtherTime.nupkg", shiftTime: TimeSpan.FromDays(3));
            var tampered = CopyToDestination("OtherContentSameTime.nupkg");
            var bytes = File.ReadAllBytes(tampered);
            bytes[250] ^= 0xFF;
            var time = File.GetLastWriteTimeUtc(tampered);
            File.WriteAllBytes(tampered, bytes);
            File.SetLastWriteTimeUtc(tampered, time);

            var fast = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            var full = await new PackageCopyPlanner().CreatePlanAsync(
                new PackageCopyRequest(_feed.Source, _feed.Destination) { VerifyMode = PackageVerifyMode.Full });

            Assert.Equal(
                new[] { PackageCopyReason.SizeAndTimestampMatch, PackageCopyReason.TimestampDiffers },
                fast.Files.Select(f => f.Reason));
            Assert.Equal(
                new[] { (PackageCopyAction.Copy, PackageCopyReason.ContentDiffers), (PackageCopyAction.Skip, PackageCopyReason.ContentMatches) },
                full.Files.Select(f => (f.Action, f.Reason)));
        }

        [Fact]
        public async Task Plan_lists_partial_files_left_by_an_interrupted_copy_and_never_copies_one()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 10);
            _feed.AddSource("A/A.1.0.1.nupkg.octopusupgrade-0123abcd.partial", 10);
            var stale = Path.Combine(_feed.Destination, "A", "A.1.0.0.nupkg.octopusupgrade-89abcdef.partial");
            TestFeed.Write(stale, 5, 1);
            TestFeed.Write(Path.Combine(_feed.Destination, "A", "notes.partial"), 5, 2);

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(new[] { Path.Combine("A", "A.1.0.0.nupkg") }, plan.Files.Select(f => f.RelativePath));
            Assert.Equal(new[] { stale }, plan.StalePartialFiles);
        }

        [Fact]
        public async Task Plan_counts_packages_apart_from_other_files_and_reports_free_space()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 10);
            _feed.AddSource("B/B.2.0.0.NUPKG", 10);
            _feed.AddSource("B/readme.txt", 10);
            var fileSystem = new FaultyFileSystem { FreeSpace = 4096 };

            var plan = await new PackageCopyPlanner(fileSystem).CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(3, plan.Files.Count);
            Assert.Equal(2, plan.PackageCount);
            Assert.Equal(4096, plan.AvailableFreeBytes);
            Assert.True(plan.LacksFreeSpace);
        }

        [Fact]
        public async Task Free_space_is_read_from_the_volume_even_before_the_destination_exists()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 10);

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.True(plan.AvailableFreeBytes > 0);
            Assert.False(plan.LacksFreeSpace);
        }

        // A destination time within 2 s either way of the source's is a match (FAT keeps times to 2 s).
        [Theory]
        [InlineData(2000, PackageCopyAction.Skip, PackageCopyReason.SizeAndTimestampMatch)]
        [InlineData(-2000, PackageCopyAction.Skip, PackageCopyReason.SizeAndTimestampMatch)]
        [InlineData(2001, PackageCopyAction.Copy, PackageCopyReason.TimestampDiffers)]
        [InlineData(-2001, PackageCopyAction.Copy, PackageCopyReason.TimestampDiffers)]
        [InlineData(-3_600_000, PackageCopyAction.Copy, PackageCopyReason.TimestampDiffers)]
        public async Task Timestamps_match_within_two_seconds_either_way(int shiftMilliseconds, PackageCopyAction action, PackageCopyReason reason)
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 100);
            CopyToDestination("A/A.1.0.0.nupkg", shiftTime: TimeSpan.FromMilliseconds(shiftMilliseconds));

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal((action, reason), (Assert.Single(plan.Files).Action, plan.Files[0].Reason));
        }

        [Theory]
        [InlineData("source")]
        [InlineData("destination")]
        public async Task Full_verification_plans_a_file_either_side_cannot_read_as_differing_content_to_copy(string unreadable)
        {
            var source = _feed.AddSource("A/A.1.0.0.nupkg", 100);
            var copy = CopyToDestination("A/A.1.0.0.nupkg");
            var fileSystem = new FaultyFileSystem
            {
                Source = (path, stream) =>
                {
                    if (path == (unreadable == "source" ? source : copy))
                    {
                        stream.Dispose();
                        throw new IOException("Input/output error");
                    }

                    return stream;
                },
            };

            var plan = await new PackageCopyPlanner(fileSystem).CreatePlanAsync(
                new PackageCopyRequest(_feed.Source, _feed.Destination) { VerifyMode = PackageVerifyMode.Full });

            Assert.Equal((PackageCopyAction.Copy, PackageCopyReason.ContentDiffers), (Assert.Single(plan.Files).Action, plan.Files[0].Reason));
        }

        [Fact]
        public async Task The_copiers_own_files_in_the_source_are_never_planned()
        {
            _feed.AddSource("A.1.0.0.nupkg", 10);
            _feed.AddSource(PackageCopier.LockFileName, 10);
            _feed.AddSource(".octopusupgrade-write-probe-0123abcd", 10);
            _feed.AddSource("A/x.octopusupgrade-write-probe", 10);
            _feed.AddSource("A/" + PackageCopier.LockFileName + ".txt", 10);

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(
                new[] { "A.1.0.0.nupkg", Path.Combine("A", PackageCopier.LockFileName + ".txt"), Path.Combine("A", "x.octopusupgrade-write-probe") },
                plan.Files.Select(f => f.RelativePath));
        }

        [Fact]
        public async Task Plan_lists_partial_files_at_the_top_of_the_destination_and_in_its_package_folders_only()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 10);
            _feed.AddSource("top.nupkg", 10);
            var top = Path.Combine(_feed.Destination, "top.nupkg.octopusupgrade-01234567.partial");
            var inner = Path.Combine(_feed.Destination, "A", "deeper", "A.1.0.0.nupkg.octopusupgrade-89abcdef.partial");
            TestFeed.Write(top, 5, 1);
            TestFeed.Write(inner, 5, 2);
            TestFeed.Write(Path.Combine(_feed.Destination, "NotInSource", "B.1.0.0.nupkg.octopusupgrade-76543210.partial"), 5, 3);

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(new[] { inner, top }, plan.StalePartialFiles);
        }

        [Fact]
        public async Task Links_skipped_in_the_source_are_listed_in_name_order()
        {
            _feed.AddSource("A/A.1.0.0.nupkg", 10);
            var links = new[] { Path.Combine(_feed.Source, "A", "b-link"), Path.Combine(_feed.Source, "A", "a-link"), Path.Combine(_feed.Source, "c-link") };
            foreach (var link in links)
            {
                File.CreateSymbolicLink(link, "/dev/null");
            }

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));

            Assert.Equal(
                links.OrderBy(l => l, StringComparer.Ordinal).Select(l => $"'{l}' is a link or junction; it was not followed."),
                plan.SkippedSourceEntries);
        }

        [Fact]
        public async Task Refusals_say_which_folders_and_what_to_do()
        {
            var missing = Path.Combine(_feed.Root, "missing");
            var inner = Path.Combine(_feed.Source, "Inner");
            Directory.CreateDirectory(inner);
            var link = Path.Combine(_feed.Root, "link-to-source");
            Directory.CreateSymbolicLink(link, _feed.Source);
            Directory.CreateDirectory(Path.GetDirectoryName(_feed.Destination)!);
            File.WriteAllText(_feed.Destination, "not a folder");

            async Task<OctopusUpgradeException> Refused(string source, string destination) =>
                await Assert.ThrowsAsync<OctopusUpgradeException>(() => new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(source, destination)));

            Assert.Equal(
                ($"The package folder '{missing}' does not exist. Check the path of the old server's built-in feed.", (object?)missing, FailureCategory.ObjectNotFound),
                await Message(Refused(missing, inner)));
            Assert.Equal(
                ($"The source and destination are the same folder '{_feed.Source}'; the packages must go to the new server's packages folder.", (object?)_feed.Source, FailureCategory.InvalidArgument),
                await Message(Refused(_feed.Source, _feed.Source)));
            Assert.Equal(
                ($"The source and destination are the same folder '{_feed.Source}' (the destination '{link}' leads there); the packages must go to the new server's packages folder.", (object?)_feed.Source, FailureCategory.InvalidArgument),
                await Message(Refused(_feed.Source, link)));
            Assert.Equal(
                ($"The destination '{inner}' and the source '{_feed.Source}' overlap (one lies inside the other); a copy would copy its own output. Choose folders apart.", (object?)inner, FailureCategory.InvalidArgument),
                await Message(Refused(_feed.Source, inner)));
            Assert.Equal(
                ($"The destination '{Path.Combine(_feed.Destination, "Spaces-1")}' cannot be a folder: '{_feed.Destination}' is a file. Give the new server's packages folder; nothing was copied.", (object?)Path.Combine(_feed.Destination, "Spaces-1"), FailureCategory.InvalidArgument),
                await Message(Refused(_feed.Source, Path.Combine(_feed.Destination, "Spaces-1"))));
        }

        [Fact]
        public async Task Refuses_a_missing_request()
        {
            var error = await Assert.ThrowsAsync<ArgumentNullException>(() => new PackageCopyPlanner().CreatePlanAsync(null!));

            Assert.Equal("request", error.ParamName);
        }

        private static async Task<(string Message, object? Target, FailureCategory Category)> Message(Task<OctopusUpgradeException> refused)
        {
            var error = await refused;
            return (error.Message, error.Target, error.Category);
        }

        private string CopyToDestination(string relativePath, int? length = null, TimeSpan shiftTime = default)
        {
            var source = Path.Combine(_feed.Source, relativePath);
            var destination = Path.Combine(_feed.Destination, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var bytes = File.ReadAllBytes(source);
            File.WriteAllBytes(destination, length is null ? bytes : bytes.Concat(new byte[length.Value - bytes.Length]).ToArray());
            File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(source) + shiftTime);
            return destination;
        }
    }
}
