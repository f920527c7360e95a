using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Maintenance;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Puts the Octopus Server into maintenance mode and, with -WaitForTasks, waits for running tasks to finish.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "MaintenanceMode", HelpUri = HelpLinks.Base + "Enable-MaintenanceMode.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MaintenanceModeResult))]
    public sealed class EnableMaintenanceModeCommand : OctopusUpgradeSessionCmdlet
    {
        [Parameter]
        public SwitchParameter WaitForTasks { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (!ShouldProcess(session.Server.ToString(), "Turn maintenance mode on" + (WaitForTasks ? " and wait for running tasks" : string.Empty)))
            {
                return;
            }

            ThrowEngineError(PendingOperation.NotAvailableYet(MaintenanceErrorIds.EnableMaintenanceModeNotAvailableYet, MyInvocation.MyCommand.Name), session.Engine.Masker);
        }
    }
}
