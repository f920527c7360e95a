using System;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>What Install-OctopusServer was asked: the MSI, where msiexec writes its verbose log, and how long it may take.</summary>
    public sealed record InstallRequest(string MsiPath)
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

        /// <summary>The verbose MSI log; null: <c>&lt;temp&gt;\&lt;MSI name&gt;-install.log</c>.</summary>
        public string? LogPath { get; init; }

        /// <summary>
        /// The MSI of the installed version, uninstalled (<c>msiexec /x</c>) after the services stop and before
        /// <see cref="MsiPath"/> installs: a rollback to an older version, which Windows Installer refuses over a newer one.
        /// Null: no uninstall, and an older MSI is refused before anything stops.
        /// </summary>
        public string? UninstallMsiPath { get; init; }

        /// <summary>msiexec; a bare name is looked up in the Windows system folder. Tests point it at the sandbox's stand-in.</summary>
        public string MsiexecPath { get; init; } = MsiexecCommandLine.Executable;

        /// <summary>How often the API is asked whether a stopped instance's service really stopped.</summary>
        public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>How long each command (stopping a service, msiexec, version) may run.</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;
    }
}
