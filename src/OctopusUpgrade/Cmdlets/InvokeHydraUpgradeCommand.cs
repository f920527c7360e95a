using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Tentacles.Hydra;
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
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string HydraPackagePath { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServerMapping { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? CanaryRole { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? CanaryEnvironment { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = HydraUpgradeRequest.DefaultTimeout;

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan VerifyDelay { get; set; } = HydraUpgradeRequest.DefaultVerifyDelay;

        [Parameter]
        [ValidateRange(0, 100)]
        public int RetryCount { get; set; } = HydraUpgradeRequest.DefaultVerifyRetryCount;

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan RetryInterval { get; set; } = HydraUpgradeRequest.DefaultVerifyRetryInterval;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new HydraUpgradeRequest
            {
                PackagePath = GetUnresolvedProviderPathFromPSPath(HydraPackagePath),
                ServerMapping = ServerMapping,
                MachineNames = MachineName ?? Array.Empty<string>(),
                Environments = Environment ?? Array.Empty<string>(),
                CanaryRoles = CanaryRole ?? Array.Empty<string>(),
                CanaryEnvironments = CanaryEnvironment ?? Array.Empty<string>(),
                Timeout = Timeout,
                VerifyDelay = VerifyDelay,
                VerifyRetryCount = RetryCount,
                VerifyRetryInterval = RetryInterval,
            };
            var run = RunStep(session, new InvokeHydraUpgradeStep(), request);
            if (run is null)
            {
                return;
            }

            foreach (var outcome in run.Result)
            {
                WriteObject(new HydraUpgradeResult(session, run.Started, run.Ended, outcome));
            }
        }
    }
}
