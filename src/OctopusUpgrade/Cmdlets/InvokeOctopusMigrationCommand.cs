using System.Management.Automation;
using System.Security;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Imports an Octopus 2.6 backup (.octobak) into the upgraded server with Octopus.Migrator.exe migrate.</para>
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

        [Parameter(Mandatory = true)]
        public SecureString? MasterKey { get; set; }

        [Parameter]
        [ValidateRange(1, 36500)]
        public int? MaxAge { get; set; }

        [Parameter(ParameterSetName = AllDataSet)]
        public SwitchParameter NoLogs { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OnlyLogsSet)]
        public SwitchParameter OnlyLogs { get; set; }

        [Parameter]
        public SwitchParameter Preview { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            // A preview (migrate --dry-run) commits nothing, so it asks no confirmation; -WhatIf still runs nothing.
            var asks = !Preview || MyInvocation.BoundParameters.ContainsKey("WhatIf");
            if (asks && !ShouldProcess(ResolvePath(BackupFile), "Import the 2.6 backup into the Octopus database (Octopus.Migrator.exe migrate); this cannot be undone"))
            {
                return;
            }

            ThrowEngineError(PendingOperation.NotAvailableYet(MigrationErrorIds.InvokeOctopusMigrationNotAvailableYet, MyInvocation.MyCommand.Name), session.Engine.Masker);
        }
    }
}
