using System.Linq;
using System.Management.Automation;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Removes the Octopus 2.6 folders the upgrade guide says may go after migrating, once the journal shows the migration and the package copy succeeded.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "OctopusLegacyData", HelpUri = HelpLinks.Base + "Remove-OctopusLegacyData.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(LegacyDataRemovalResult))]
    public sealed class RemoveOctopusLegacyDataCommand : OctopusUpgradeSessionCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? HomePath { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new LegacyDataRequest { HomePath = ResolvePath(HomePath), Force = Force.IsPresent };
            var run = RunStep(session, new RemoveOctopusLegacyDataStep(), request);
            if (run is null)
            {
                return;
            }

            WriteObject(new LegacyDataRemovalResult(session, run.Started, run.Ended)
            {
                HomePath = run.Result.HomePath,
                Removed = run.Result.Removed.Select(f => f.FullPath).ToArray(),
                FreedBytes = run.Result.FreedBytes,
            });
        }
    }
}
