using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Maintenance;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Takes the Octopus Server (or named HA nodes) out of maintenance mode, unless the session found it on.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "MaintenanceMode", HelpUri = HelpLinks.Base + "Disable-MaintenanceMode.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MaintenanceModeResult))]
    public sealed class DisableMaintenanceModeCommand : OctopusUpgradeSessionCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>Turns maintenance mode off even though this session found it on.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new MaintenanceModeRequest
            {
                Nodes = Node ?? Array.Empty<string>(),
                Force = Force.IsPresent,
            };
            var run = RunStep(session, new MaintenanceModeStep(turnOn: false), request, Force.IsPresent);
            if (run is not null)
            {
                WriteObject(MaintenanceModeResults.From(session, run));
            }
        }
    }
}
