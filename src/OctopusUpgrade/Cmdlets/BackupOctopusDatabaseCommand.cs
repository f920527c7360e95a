using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Takes a copy-only, checksummed and verified backup of the Octopus SQL database.</para>
    /// </summary>
    [Cmdlet(VerbsData.Backup, "OctopusDatabase", HelpUri = HelpLinks.Base + "Backup-OctopusDatabase.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DatabaseBackupResult))]
    public sealed class BackupOctopusDatabaseCommand : OctopusUpgradeSessionCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter]
        public SwitchParameter Compress { get; set; }

        [Parameter]
        public SwitchParameter NoVerify { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(2);

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (!ShouldProcess(session.SqlDatabase ?? session.SqlServer ?? session.ToString(), $"Back up the Octopus database to {Path ?? "the SQL Server's default backup folder"}"))
            {
                return;
            }

            ThrowEngineError(PendingOperation.NotAvailableYet(BackupErrorIds.BackupOctopusDatabaseNotAvailableYet, MyInvocation.MyCommand.Name), session.Engine.Masker);
        }
    }
}
