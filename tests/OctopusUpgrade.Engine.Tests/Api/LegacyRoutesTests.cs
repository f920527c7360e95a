using System.Collections.Generic;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>The 2.x route table fills only the links a server lacks; a link the server gives always wins.</summary>
    public sealed class LegacyRoutesTests
    {
        [Fact]
        public void A_link_the_server_gives_wins_and_only_missing_links_are_filled()
        {
            var links = new Dictionary<string, string> { ["Projects"] = "/api/projects{?nonStale,skip}", ["Releases"] = "/api/Spaces-1/releases{/id}{?skip,take}" };

            var completed = LegacyRoutes.Complete(links);

            Assert.Equal("/api/Spaces-1/releases{/id}{?skip,take}", completed["Releases"]);
            Assert.Equal("/api/projects{?nonStale,skip}", completed["Projects"]);
            Assert.Equal("/api/packages/raw{?replace}", completed["PackageUpload"]);
            Assert.False(LegacyRoutes.Fills(links, "Releases"));
            Assert.True(LegacyRoutes.Fills(links, "Deployments"));
            Assert.False(LegacyRoutes.Fills(links, "Machines"));
        }
    }
}
