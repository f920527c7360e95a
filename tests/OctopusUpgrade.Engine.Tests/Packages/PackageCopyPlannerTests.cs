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
        [InlineData("relative/Packages", "/abs/Packages")]
        [InlineData("/abs/Packages", "relative/Packages")]
        [InlineData("", "/abs/Packages")]
        public async Task Refuses_paths_that_are_not_absolute(string source, string destination)
        {
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(source, destination)));

            Assert.Equal("PackageCopyPathNotAbsolute", error.ErrorId);
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
