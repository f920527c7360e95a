using System;
using System.IO;
using System.Net;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests;

/// <summary>Installing a newer version into a stopped estate, as the MSI does.</summary>
public sealed class InPlaceUpgradeTests
{
    [Fact]
    public async Task UpgradeFrom2018To2019GainsSpacesAndMovesThePackages()
    {
        await using var sandbox = await TestSandbox.StartAsync("2018.10.0");
        sandbox.Estate.Feed.AddPackageFile("Acme.Nested", "2.6.0", inIdFolder: true);
        sandbox.Estate.Service.Stop();

        sandbox.Estate.UpgradeServer("2019.7.12");
        sandbox.Estate.Service.Start();
        var root = await WhenServing(sandbox);

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
    [InlineData("2.6.5", true, "3.12.1")]
    public async Task UpgradeNeedsAStoppedServiceAndAForwardInPlacePath(string from, bool stopFirst, string to)
    {
        await using var sandbox = await TestSandbox.StartAsync(from);
        if (stopFirst)
        {
            sandbox.Estate.Service.Stop();
        }

        Assert.Throws<InvalidOperationException>(() => sandbox.Estate.UpgradeServer(to));
        Assert.Equal(from, sandbox.Estate.Version.Text);
    }

    private static async Task<string> WhenServing(TestSandbox sandbox)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            using var response = await sandbox.Http.GetAsync(new Uri("api", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK && !sandbox.Estate.Feed.IsIndexing)
            {
                return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Version"]!.GetValue<string>();
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The service did not come back.");
    }
}
