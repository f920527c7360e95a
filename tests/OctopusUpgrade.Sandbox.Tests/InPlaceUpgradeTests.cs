using System;
using System.IO;
using System.Net;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Installing a newer version into a stopped estate, as the MSI does.</summary>
    public sealed class InPlaceUpgradeTests
    {
        [Fact]
        public async Task Upgrade_from_2018_to_2019_gains_spaces_and_moves_the_packages()
        {
            await using var sandbox = await TestSandbox.StartAsync("2018.10.0");
            sandbox.Estate.Feed.AddPackageFile("Acme.Nested", "2.6.0", inIdFolder: true);
            sandbox.Estate.Service.Stop();

            sandbox.Estate.UpgradeServer("2019.7.12");
            sandbox.Estate.Service.Start();
            var root = await sandbox.WhenServing();

            Assert.Equal("2019.7.12", root);
            Assert.Equal(3, Directory.GetFiles(Path.Combine(sandbox.Server.HomePath, "Packages", "Spaces-1"), "*.nupkg").Length);
            Assert.Empty(Directory.GetFiles(Path.Combine(sandbox.Server.HomePath, "Packages"), "*.nupkg"));
            // A package kept in an <Id> sub-folder moves with its folder, and the start's re-index finds it there.
            Assert.True(File.Exists(Path.Combine(sandbox.Server.HomePath, "Packages", "Spaces-1", "Acme.Nested", "Acme.Nested.2.6.0.nupkg")));
            Assert.DoesNotContain(Directory.GetFiles(Path.Combine(sandbox.Server.HomePath, "Packages"), "*.nupkg", SearchOption.AllDirectories), f => !f.Contains("Spaces-1", StringComparison.Ordinal));
            Assert.Equal(4, (await sandbox.GetJson("/api/Spaces-1/feeds/stats"))["TotalPackages"]!.GetValue<int>());
            using var machines = await sandbox.Http.GetAsync(new Uri("api/Spaces-1/machines", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, machines.StatusCode);
            Assert.Equal("5.0.0", sandbox.Estate.BundledTentacleVersion);
            Assert.Equal("2019.7.12", sandbox.Estate.Nodes[0].Version);
        }

        [Theory]
        [InlineData("2019.7.12", false, "2024.3.12741")]
        [InlineData("2019.7.12", true, "2018.10.0")]
        [InlineData("2.5.2", true, "3.12.1")]
        [InlineData("2018.10.0", true, "2.6.5.1010")]
        public async Task Upgrade_needs_a_stopped_service_and_a_forward_in_place_path(string from, bool stopFirst, string to)
        {
            await using var sandbox = await TestSandbox.StartAsync(from);
            if (stopFirst)
            {
                sandbox.Estate.Service.Stop();
            }

            Assert.Throws<InvalidOperationException>(() => sandbox.Estate.UpgradeServer(to));
            Assert.Equal(from, sandbox.Estate.Version.Text);
        }
    }
}
