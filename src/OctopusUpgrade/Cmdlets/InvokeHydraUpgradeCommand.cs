using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Upgrades Octopus 2.6 Tentacles to 3.x with Hydra, run from the 2.6 server. After it, the 2.6 server can no longer reach them.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "HydraUpgrade", HelpUri = HelpLinks.Base + "Invoke-HydraUpgrade.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HydraUpgradeResult))]
    public sealed class InvokeHydraUpgradeCommand : OctopusUpgradeMachineCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HydraPackagePath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServerMapping { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (!ShouldProcess(DescribeSelection(), "Upgrade to Tentacle 3.x with Hydra (the 2.6 server will no longer reach them)"))
            {
                return;
            }

            ThrowEngineError(PendingOperation.NotAvailableYet(TentacleErrorIds.InvokeHydraUpgradeNotAvailableYet, MyInvocation.MyCommand.Name), session.Engine.Masker);
        }
    }
}
