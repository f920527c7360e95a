using System;
using System.IO;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    public sealed class PackageCopyDefaultsTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Theory]
        [InlineData("3.12.1", null, "Packages")]
        [InlineData("2018.10.0", null, "Packages")]
        [InlineData("2019.7.12", "Spaces-1", "Packages/Spaces-1")]
        [InlineData("2024.3.12345", "Spaces-2", "Packages/Spaces-2")]
        public void Defaults_come_from_the_home_folder_and_the_learned_version(string version, string? spaceId, string destination)
        {
            var session = Session(home: _folder.Combine("Octopus"), version);

            var request = PackageCopyDefaults.Resolve(session, null, null, spaceId);

            Assert.Equal(_folder.Combine("Octopus", "OctopusServer", "Repository", "Packages"), request.SourcePath);
            Assert.Equal(_folder.Combine("Octopus", destination.Replace('/', Path.DirectorySeparatorChar)), request.DestinationPath);
        }

        [Fact]
        public void Given_paths_win_and_need_nothing_from_the_session()
        {
            var session = Session(home: null, version: null);

            var request = PackageCopyDefaults.Resolve(session, "/old/feed", "/new/feed", null);

            Assert.Equal(("/old/feed", "/new/feed"), (request.SourcePath, request.DestinationPath));
        }

        [Theory]
        [InlineData(false, "2019.7.12", "PackageCopyHomeUnknown")]
        [InlineData(true, null, "PackageCopyServerVersionUnknown")]
        public void What_the_session_lacks_is_named(bool hasHome, string? version, string errorId)
        {
            var session = Session(hasHome ? _folder.Combine("Octopus") : null, version);

            var error = Assert.Throws<OctopusUpgradeException>(() => PackageCopyDefaults.Resolve(session, null, null, "Spaces-1"));

            Assert.Equal(errorId, error.ErrorId);
        }

        private UpgradeSession Session(string? home, string? version)
        {
            // A session refuses a home folder that does not exist.
            if (home is not null)
            {
                System.IO.Directory.CreateDirectory(home);
            }

            var session = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = "https://octopus.example.com",
                    ApiKey = new Secret("API-ABCDEFGHIJKLMNOPQRSTUVWXYZ12"),
                    JournalPath = _folder.Combine("journal.json"),
                    HomePath = home,
                },
                TimeProvider.System);
            session.Learn(facts => facts with { ServerVersion = version is null ? null : OctopusVersion.Parse(version) });
            return session;
        }
    }
}
