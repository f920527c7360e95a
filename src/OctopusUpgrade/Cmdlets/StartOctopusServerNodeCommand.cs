using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Starts the session's Octopus Server node, waits until /api answers with the installed version, lifts its drain and recreates the watchdog Stop-OctopusServerNode deleted.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "OctopusServerNode", HelpUri = HelpLinks.Base + "Start-OctopusServerNode.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ServerNodeResult))]
    public sealed class StartOctopusServerNodeCommand : OctopusUpgradeSessionCmdlet
    {
        /// <summary>How long each command may run, and how long /api may take to answer after the start.</summary>
        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = ServerNodeRequest.DefaultTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var run = RunStep(session, new StartOctopusServerNodeStep(), new ServerNodeRequest { Timeout = Timeout });
            if (run is not null)
            {
                WriteObject(ServerNodeResult.From(session, run));
            }
        }
    }
}
