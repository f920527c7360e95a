using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Maintenance;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Puts the Octopus Server (or named HA nodes) into maintenance mode and, with -WaitForTasks, waits for running tasks to finish.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "MaintenanceMode", HelpUri = HelpLinks.Base + "Enable-MaintenanceMode.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MaintenanceModeResult))]
    public sealed class EnableMaintenanceModeCommand : OctopusUpgradeSessionCmdlet
    {
        [Parameter]
        public SwitchParameter WaitForTasks { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = MaintenanceModeRequest.DefaultTimeout;

        /// <summary>Cancels the tasks still running at the timeout; asked about on its own, at High impact.</summary>
        [Parameter]
        public SwitchParameter CancelRemainingTasks { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Node { get; set; }

        /// <summary>Cancels at the timeout without the extra question a High-impact action asks under this Medium cmdlet.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new MaintenanceModeRequest
            {
                WaitForTasks = WaitForTasks.IsPresent,
                Timeout = Timeout,
                CancelRemainingTasks = CancelRemainingTasks.IsPresent,
                Nodes = Node ?? Array.Empty<string>(),
            };
            var run = RunStep(session, new MaintenanceModeStep(turnOn: true), request, Force.IsPresent);
            if (run is not null)
            {
                WriteObject(MaintenanceModeResults.From(session, run));
            }
        }
    }
}
