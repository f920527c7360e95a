using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Upgrades Tentacles with the server's own Upgrade task (Octopus 3.x and later), in waves, and proves each machine's new version.</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "OctopusTentacle", HelpUri = HelpLinks.Base + "Update-OctopusTentacle.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TentacleUpgradeResult))]
    public sealed class UpdateOctopusTentacleCommand : OctopusUpgradeMachineCmdlet
    {
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BatchSize { get; set; } = TentacleUpgradeRequest.DefaultBatchSize;

        [Parameter]
        public Results.TentacleWaveGrouping WaveBy { get; set; } = Results.TentacleWaveGrouping.Environment;

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = TentacleUpgradeRequest.DefaultTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new TentacleUpgradeRequest
            {
                MachineNames = MachineName ?? Array.Empty<string>(),
                Environments = Environment ?? Array.Empty<string>(),
                BatchSize = BatchSize,
                WaveBy = WaveBy == Results.TentacleWaveGrouping.Machine ? Engine.Tentacles.TentacleWaveGrouping.Machine : Engine.Tentacles.TentacleWaveGrouping.Environment,
                Timeout = Timeout,
            };
            var run = RunStep(session, new UpdateOctopusTentacleStep(), request);
            if (run is null)
            {
                return;
            }

            foreach (var outcome in run.Result)
            {
                WriteObject(new TentacleUpgradeResult(session, run.Started, run.Ended, outcome));
            }
        }
    }
}
