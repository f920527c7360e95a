using System.Management.Automation;
using OctopusUpgrade.Engine.Readiness;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Checks, changing nothing, whether an upgrade to the target version can succeed: one result per check, with a remedy for each that does not pass.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "OctopusUpgradeReadiness", HelpUri = HelpLinks.Base + "Test-OctopusUpgradeReadiness.md")]
    [OutputType(typeof(ReadinessCheckResult))]
    public sealed class TestOctopusUpgradeReadinessCommand : OctopusUpgradeSessionCmdlet
    {
        /// <summary>The version to upgrade to; without it, the session's -TargetVersion.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? TargetVersion { get; set; }

        /// <summary>Where the backup will go, to compare its free space with the database's size.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>Also run the server's SystemIntegrityCheck task (3.x and later) and wait for it.</summary>
        [Parameter]
        public SwitchParameter SystemIntegrityCheck { get; set; }

        /// <summary>How long the SystemIntegrityCheck task may take.</summary>
        [Parameter]
        [TimeoutTransformation]
        public System.TimeSpan SystemIntegrityCheckTimeout { get; set; } = TestOctopusUpgradeReadinessRequest.DefaultSystemIntegrityCheckTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new TestOctopusUpgradeReadinessRequest
            {
                TargetVersion = TargetVersion,
                BackupPath = ResolvePath(BackupPath),
                SystemIntegrityCheck = SystemIntegrityCheck.IsPresent,
                SystemIntegrityCheckTimeout = SystemIntegrityCheckTimeout,
            };
            var run = RunStep(session, new TestOctopusUpgradeReadinessStep(), request);
            if (run is null)
            {
                return;
            }

            foreach (var check in run.Result)
            {
                WriteObject(new ReadinessCheckResult(session, run.Started, run.Ended)
                {
                    Name = check.Name,
                    Status = check.Status.ToString(),
                    Detail = check.Detail,
                    Remedy = check.Remedy,
                });
            }
        }
    }
}
