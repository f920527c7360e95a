using System.Collections.Generic;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>What Install-OctopusServer left: the version <c>version --format=json</c> reports after msiexec, which equals the MSI's.</summary>
    public sealed record InstallOutcome(string MsiPath, OctopusVersion InstalledVersion, string LogPath)
    {
        /// <summary>The instances whose services were stopped; the MSI leaves them stopped (Start-OctopusServerNode starts each).</summary>
        public IReadOnlyList<string> StoppedInstances { get; init; } = System.Array.Empty<string>();

        /// <summary>The version uninstalled before the MSI installed (a rollback to an older version); null: none.</summary>
        public OctopusVersion? UninstalledVersion { get; init; }

        /// <summary>msiexec's exit code (0, or 3010).</summary>
        public int ExitCode { get; init; }

        /// <summary>msiexec exited 3010: the installation is complete once the machine restarts.</summary>
        public bool RebootRequired { get; init; }
    }
}
