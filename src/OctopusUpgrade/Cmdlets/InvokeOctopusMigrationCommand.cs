using System.Management.Automation;
using System.Security;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Imports an Octopus 2.6 backup (.octobak) into the upgraded server with Octopus.Migrator.exe migrate, checks over the API that its environments, machines and projects arrived, and re-applies the saved license.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "OctopusMigration", HelpUri = HelpLinks.Base + "Invoke-OctopusMigration.md", DefaultParameterSetName = AllDataSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MigrationResult))]
    public sealed class InvokeOctopusMigrationCommand : OctopusUpgradeSessionCmdlet
    {
        private const string AllDataSet = "AllData";
        private const string OnlyLogsSet = "OnlyLogs";

        [Parameter(Mandatory = true, Position = 0)]
        [Alias("File", "Path")]
        [ValidateNotNullOrEmpty]
        public string BackupFile { get; set; } = string.Empty;

        [Parameter]
        public SecureString? MasterKey { get; set; }

        [Parameter]
        [ValidateRange(1, 36500)]
        public int? MaxAge { get; set; }

        [Parameter(ParameterSetName = AllDataSet)]
        public SwitchParameter NoLogs { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OnlyLogsSet)]
        public SwitchParameter OnlyLogs { get; set; }

        [Parameter]
        public SwitchParameter NoOverwrite { get; set; }

        [Parameter]
        public SwitchParameter Preview { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new MigrationRequest(ResolvePath(BackupFile)!)
            {
                MasterKey = SecureStrings.ToSecret(MasterKey),
                MaxAge = MaxAge,
                NoLogs = NoLogs.IsPresent,
                OnlyLogs = OnlyLogs.IsPresent,
                NoOverwrite = NoOverwrite.IsPresent,
                Preview = Preview.IsPresent,
            };
            var run = RunStep(session, new InvokeOctopusMigrationStep(), request);
            if (run is null)
            {
                return;
            }

            var outcome = run.Result;
            WriteObject(new MigrationResult(session, run.Started, run.Ended)
            {
                BackupFile = outcome.BackupFile,
                Preview = outcome.Preview,
                ExitCode = outcome.ExitCode,
                CommandLine = outcome.CommandLine,
                Environments = outcome.After.Environments.Count,
                Machines = outcome.After.Machines.Count,
                Projects = outcome.After.Projects.Count,
                Verified = outcome.Verified,
                LicenseApplied = outcome.LicenseApplied,
                LicenseSerialNumber = outcome.LicenseSerialNumber,
                Summary = string.Join(System.Environment.NewLine, outcome.Summary),
            });
        }
    }
}
