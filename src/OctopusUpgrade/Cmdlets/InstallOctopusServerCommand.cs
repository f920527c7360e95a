using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Install;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Installs an Octopus Server MSI on the session's machine: stops every instance, runs msiexec silently and confirms the installed version.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "OctopusServer", HelpUri = HelpLinks.Base + "Install-OctopusServer.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(InstallResult))]
    public sealed class InstallOctopusServerCommand : OctopusUpgradeSessionCmdlet
    {
        /// <summary>The Octopus Server MSI to install (the new version, or the previous one to roll back).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Path")]
        public string MsiPath { get; set; } = string.Empty;

        /// <summary>The installed version's MSI, uninstalled before -MsiPath installs: a rollback to an older version.</summary>
        [Parameter]
        public string? UninstallMsiPath { get; set; }

        /// <summary>Where msiexec writes its verbose log.</summary>
        [Parameter]
        public string? LogPath { get; set; }

        /// <summary>The msiexec to run; Windows's own by default.</summary>
        [Parameter]
        public string? MsiexecPath { get; set; }

        /// <summary>How long each command may run.</summary>
        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = InstallRequest.DefaultTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new InstallRequest(ResolvePath(MsiPath)!)
            {
                LogPath = ResolvePath(LogPath),
                UninstallMsiPath = ResolvePath(UninstallMsiPath),
                MsiexecPath = ResolvePath(MsiexecPath) ?? MsiexecCommandLine.Executable,
                Timeout = Timeout,
            };
            var run = RunStep(session, new InstallOctopusServerStep(), request);
            if (run is not null)
            {
                WriteObject(InstallResult.From(session, run));
            }
        }
    }
}
