using System;
using System.Linq;
using OctopusUpgrade.Engine.Install;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Install-OctopusServer: the version Octopus.Server.exe reports after msiexec, and whether the machine must restart.</summary>
    public sealed class InstallResult : OctopusUpgradeStepResult
    {
        private InstallResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string MsiPath { get; private set; } = string.Empty;

        /// <summary>What <c>Octopus.Server.exe version</c> reports: the MSI's version after an install; unchanged under -WhatIf or a declined install.</summary>
        public string InstalledVersion { get; private set; } = string.Empty;

        /// <summary>The version uninstalled before the MSI installed (a rollback with -UninstallMsiPath); null when nothing was uninstalled.</summary>
        public string? UninstalledVersion { get; private set; }

        /// <summary>msiexec exited 3010: the install completes when the machine restarts.</summary>
        public bool RebootRequired { get; private set; }

        /// <summary>msiexec's exit code (0 or 3010).</summary>
        public int ExitCode { get; private set; }

        /// <summary>The instances whose services were stopped; they stay stopped for the database upgrade.</summary>
        public string[] StoppedInstances { get; private set; } = Array.Empty<string>();

        /// <summary>The verbose MSI log.</summary>
        public string LogPath { get; private set; } = string.Empty;

        internal static InstallResult From(OctopusUpgradeSession session, StepRun<InstallOutcome> run) => new(session, run.Started, run.Ended)
        {
            MsiPath = run.Result.MsiPath,
            InstalledVersion = run.Result.InstalledVersion.ToString(),
            UninstalledVersion = run.Result.UninstalledVersion?.ToString(),
            RebootRequired = run.Result.RebootRequired,
            ExitCode = run.Result.ExitCode,
            StoppedInstances = run.Result.StoppedInstances.ToArray(),
            LogPath = run.Result.LogPath,
        };
    }
}
