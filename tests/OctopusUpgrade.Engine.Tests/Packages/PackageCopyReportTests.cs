using System;
using OctopusUpgrade.Engine.Packages;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    public sealed class PackageCopyReportTests
    {
        [Fact]
        public void A_clean_copy_is_reported_with_its_figures_and_what_it_changed()
        {
            var result = new PackageCopyResult("/old", "/new", 3, 2, 0, 3_000_000, TimeSpan.FromSeconds(2), Array.Empty<PackageCopyFailure>()) { PackageCount = 5 };

            var report = PackageCopyReport.For(result);

            Assert.Equal(0, report.FailedItems);
            Assert.Equal("3", report.Details["Copied"]);
            Assert.Equal("2", report.Details["Skipped"]);
            Assert.Equal("1500000", report.Details["BytesPerSecond"]);
            Assert.Equal(new[] { "Copied 3 package files (3000000 bytes) to '/new'" }, report.Changes);
        }

        [Fact]
        public void Failed_files_are_listed_and_counted_as_failed_items()
        {
            var failure = new PackageCopyFailure("A/A.1.0.0.nupkg", "PackageCopyFileFailed", "could not be read");
            var result = new PackageCopyResult("/old", "/new", 0, 0, 1, 0, TimeSpan.Zero, new[] { failure });

            var report = PackageCopyReport.For(result);

            Assert.Equal(1, report.FailedItems);
            Assert.Equal("PackageCopyFileFailed: could not be read", report.Details["Failed: A/A.1.0.0.nupkg"]);
            Assert.Empty(report.Changes);
        }
    }
}
