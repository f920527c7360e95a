using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// What a Windows Installer package's Property table says about its product: the version it installs, the product
    /// code (one per release of Octopus Server), the upgrade code (shared by the releases that upgrade each other), the
    /// name and the manufacturer.
    /// </summary>
    public sealed record MsiProductProperties(OctopusVersion ProductVersion, string? ProductCode, string? UpgradeCode, string? ProductName, string? Manufacturer);
}
