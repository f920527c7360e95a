using System;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Packages;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    public sealed class PackageCopyJournalTests
    {
        private static readonly DateTimeOffset Ended = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

        [Fact]
        public void A_clean_copy_is_recorded_with_its_figures_and_what_it_changed()
        {
            var result = new PackageCopyResult("/old", "/new", 3, 2, 0, 3_000_000, TimeSpan.FromSeconds(2), Array.Empty<PackageCopyFailure>()) { PackageCount = 5 };

            var record = PackageCopyJournal.ToRecord(result, Ended);

            Assert.Equal(("Copy-NuGetPackages", StepOutcome.Succeeded, Ended.AddSeconds(-2)), (record.Step, record.Outcome, record.Started));
            Assert.Equal("3", record.Details["Copied"]);
            Assert.Equal("2", record.Details["Skipped"]);
            Assert.Equal("1500000", record.Details["BytesPerSecond"]);
            Assert.Equal(new[] { "Copied 3 package files (3000000 bytes) to '/new'" }, record.Changes);
        }

        [Fact]
        public void Failed_files_are_listed_and_fail_the_step()
        {
            var failure = new PackageCopyFailure("A/A.1.0.0.nupkg", "PackageCopyFileFailed", "could not be read");
            var result = new PackageCopyResult("/old", "/new", 0, 0, 1, 0, TimeSpan.Zero, new[] { failure });

            var record = PackageCopyJournal.ToRecord(result, Ended);

            Assert.Equal(StepOutcome.Failed, record.Outcome);
            Assert.Equal("PackageCopyFileFailed: could not be read", record.Details["Failed: A/A.1.0.0.nupkg"]);
            Assert.Empty(record.Changes);
        }
    }
}
