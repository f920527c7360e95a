using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests.Sql;

public sealed class SmokeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Connects(bool encrypt)
    {
        await using var sandbox = await SqlSandbox.StartAsync();
        var rows = await sandbox.QueryAsync("SELECT SERVERPROPERTY('ProductVersion') AS ProductVersion, SERVERPROPERTY('EngineEdition') AS EngineEdition", encrypt);
        Assert.Equal("14.0.3030.27", rows[0]["ProductVersion"]);
        Assert.Equal(2, rows[0]["EngineEdition"]);
    }
}
