using System.Collections.Generic;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// What planning found: the MSI's version, the installed version, the log msiexec will write, and every instance on
    /// the machine (one MSI upgrades them all).
    /// </summary>
    public sealed record InstallPlan(string MsiPath, OctopusVersion MsiVersion, string LogPath, string MsiexecPath, IReadOnlyList<string> Instances)
    {
        /// <summary>The version <c>version --format=json</c> reported before anything changed.</summary>
        public OctopusVersion? InstalledVersion { get; init; }

        /// <summary>The installed version's MSI, uninstalled before <see cref="MsiPath"/> installs (a rollback); null: none.</summary>
        public string? UninstallMsiPath { get; init; }

        /// <summary>Where msiexec /x writes its verbose log.</summary>
        public string UninstallLogPath => System.IO.Path.ChangeExtension(LogPath, ".uninstall.log");
    }
}
