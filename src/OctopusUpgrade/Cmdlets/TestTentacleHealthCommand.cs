using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Runs a health check and reports, per Tentacle, whether the server reaches it and which version it runs.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "TentacleHealth", HelpUri = HelpLinks.Base + "Test-TentacleHealth.md")]
    [OutputType(typeof(TentacleHealthResult))]
    public sealed class TestTentacleHealthCommand : OctopusUpgradeMachineCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExpectedVersion { get; set; }

        [Parameter]
        [ValidateRange(0, 100)]
        public int RetryCount { get; set; } = 3;

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            ThrowEngineError(PendingOperation.NotAvailableYet(TentacleErrorIds.TestTentacleHealthNotAvailableYet, MyInvocation.MyCommand.Name), session.Engine.Masker);
        }
    }
}
