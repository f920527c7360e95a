using System.IO;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    public sealed class PackageFeedLocationsTests
    {
        private static readonly string Home = Path.Combine(Path.GetTempPath(), "Octopus");

        [Fact]
        public void The_legacy_feed_is_under_the_2_6_repository_folder() =>
            Assert.Equal(Path.Combine(Home, "OctopusServer", "Repository", "Packages"), PackageFeedLocations.LegacySource(Home));

        [Theory]
        [InlineData("3.0.0", null, null, "Packages")]
        [InlineData("3.17.14", "Spaces-1", null, "Packages")]
        [InlineData("2018.10.0", null, null, "Packages")]
        [InlineData("2019.1.0-beta0001", null, null, "Packages")]
        [InlineData("2019.1.0", "Spaces-1", null, "Packages/Spaces-1")]
        [InlineData("2019.7.12", "Spaces-3", null, "Packages/Spaces-3")]
        [InlineData("2024.3.12345", "Spaces-1", "Feed", "Feed/Spaces-1")]
        [InlineData("3.12.1", null, "Feed", "Feed")]
        public void The_modern_feed_follows_the_version_space_and_server_folders(string version, string? spaceId, string? packagesFolder, string expected)
        {
            var packagesDirectory = packagesFolder is null ? null : Path.Combine(Home, packagesFolder);

            var destination = PackageFeedLocations.ModernDestination(Home, OctopusVersion.Parse(version), spaceId, packagesDirectory);

            Assert.Equal(Path.Combine(Home, expected.Replace('/', Path.DirectorySeparatorChar)), destination);
        }

        [Fact]
        public void A_server_with_spaces_needs_the_space()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => PackageFeedLocations.ModernDestination(Home, OctopusVersion.Parse("2020.1.0"), null));

            Assert.Equal("PackageCopySpaceRequired", error.ErrorId);
        }
    }
}
