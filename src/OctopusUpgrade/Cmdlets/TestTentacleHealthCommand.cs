using System;
using System.Linq;
using System.Management.Automation;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Engine.Versions;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Runs a health check and reports, per Tentacle, whether the server reaches it and which version it runs.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "TentacleHealth", HelpUri = HelpLinks.Base + "Test-TentacleHealth.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(TentacleHealthResult))]
    public sealed class TestTentacleHealthCommand : OctopusUpgradeMachineCmdlet
    {
        [Parameter]
        public TentacleHealthExpectation Expect { get; set; } = TentacleHealthExpectation.Reachable;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExpectedVersion { get; set; }

        [Parameter]
        [ValidateRange(0, 100)]
        public int RetryCount { get; set; } = TentacleHealthRequest.DefaultRetryCount;

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan RetryInterval { get; set; } = TentacleHealthRequest.DefaultRetryInterval;

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = TentacleHealthRequest.DefaultTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            OctopusVersion? minimum = null;
            if (ExpectedVersion is not null && !OctopusVersion.TryParse(ExpectedVersion, out minimum))
            {
                ThrowEngineError(
                    new OctopusUpgradeException(TentacleErrorIds.ExpectedVersionInvalid, FailureCategory.InvalidArgument, $"-ExpectedVersion '{ExpectedVersion}' is not a version such as 3.0.10 or 6.3.417.", ExpectedVersion),
                    session.Engine.Masker);
            }

            var request = new TentacleHealthRequest
            {
                MachineNames = MachineName ?? Array.Empty<string>(),
                Environments = Environment ?? Array.Empty<string>(),
                Expect = Expect == TentacleHealthExpectation.Unreachable ? TentacleExpectation.Unreachable : TentacleExpectation.Reachable,
                MinimumVersion = minimum,
                RetryCount = RetryCount,
                RetryInterval = RetryInterval,
                Timeout = Timeout,
            };
            var run = RunStep(session, new TentacleHealthStep(), request);
            if (run is null)
            {
                return;
            }

            foreach (var outcome in run.Result)
            {
                WriteObject(new TentacleHealthResult(session, run.Started, run.Ended)
                {
                    MachineName = outcome.Machine.Name,
                    MachineId = outcome.Machine.Id,
                    Environments = outcome.Machine.Environments.ToArray(),
                    Roles = outcome.Machine.Roles.ToArray(),
                    CommunicationStyle = outcome.Machine.CommunicationStyle,
                    HealthStatus = outcome.HealthStatus,
                    IsReachable = outcome.IsReachable,
                    TentacleVersion = outcome.TentacleVersion?.ToString(),
                    Attempts = outcome.Attempts,
                    Passed = outcome.Passed,
                    Reason = outcome.Reason,
                });
            }
        }
    }
}
