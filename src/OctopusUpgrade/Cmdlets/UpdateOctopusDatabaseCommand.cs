using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.DatabaseUpgrade;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Upgrades the Octopus database to the installed server version with Octopus.Server.exe database --upgrade, and reads the schema back.</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "OctopusDatabase", HelpUri = HelpLinks.Base + "Update-OctopusDatabase.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DatabaseUpgradeResult))]
    public sealed class UpdateOctopusDatabaseCommand : OctopusUpgradeSessionCmdlet
    {
        /// <summary>Passes --skipLicenseCheck: upgrades although the license would not be compliant afterwards.</summary>
        [Parameter]
        public SwitchParameter SkipLicenseCheck { get; set; }

        /// <summary>Upgrades although the cluster reports other nodes running.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = UpdateOctopusDatabaseRequest.DefaultTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new UpdateOctopusDatabaseRequest { SkipLicenseCheck = SkipLicenseCheck.IsPresent, Force = Force.IsPresent, Timeout = Timeout };
            var run = RunStep(session, new UpdateOctopusDatabaseStep(), request);
            if (run is not null)
            {
                WriteObject(DatabaseUpgradeResult.From(session, run));
            }
        }
    }
}
