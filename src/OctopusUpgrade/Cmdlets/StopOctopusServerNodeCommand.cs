using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Drains the session's Octopus Server node, deletes its service watchdog (remembered for Start-OctopusServerNode) and stops its service.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "OctopusServerNode", HelpUri = HelpLinks.Base + "Stop-OctopusServerNode.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ServerNodeResult))]
    public sealed class StopOctopusServerNodeCommand : OctopusUpgradeSessionCmdlet
    {
        /// <summary>How long node --drain=true waits for the node's running tasks.</summary>
        [Parameter]
        [TimeoutTransformation]
        public TimeSpan DrainWait { get; set; } = ServerNodeRequest.DefaultDrainWait;

        /// <summary>How long each command may run, and how long the service may take to stop.</summary>
        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = ServerNodeRequest.DefaultTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var run = RunStep(session, new StopOctopusServerNodeStep(), new ServerNodeRequest { DrainWait = DrainWait, Timeout = Timeout });
            if (run is not null)
            {
                WriteObject(ServerNodeResult.From(session, run));
            }
        }
    }
}
