namespace OctopusUpgrade.Sandbox
{
    /// <summary>The Property-table facts of a package <see cref="SandboxMsi"/> wrote.</summary>
    public sealed record SandboxMsiProduct(string ProductName, string ProductVersion, string ProductCode, string UpgradeCode);
}
