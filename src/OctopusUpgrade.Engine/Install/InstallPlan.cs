using System.Collections.Generic;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>What planning found: the MSI's version, the log msiexec will write, and every instance on the machine (one MSI upgrades them all).</summary>
    public sealed record InstallPlan(string MsiPath, OctopusVersion MsiVersion, string LogPath, string MsiexecPath, IReadOnlyList<string> Instances);
}
