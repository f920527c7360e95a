using System.Management.Automation;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Restores the Octopus database from a backup set made by Backup-OctopusDatabase, and confirms the restored schema history matches it.</para>
    /// </summary>
    [Cmdlet(VerbsData.Restore, "OctopusDatabase", HelpUri = HelpLinks.Base + "Restore-OctopusDatabase.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DatabaseRestoreResult))]
    public sealed class RestoreOctopusDatabaseCommand : OctopusUpgradeSessionCmdlet
    {
        /// <summary>The manifest.json (or its folder); a piped DatabaseBackupResult binds its Manifest property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ManifestPath")]
        [ValidateNotNullOrEmpty]
        public string Manifest { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var run = RunStep(session, new RestoreOctopusDatabaseStep(), new RestoreOctopusDatabaseRequest(ResolvePath(Manifest)!));
            if (run is null)
            {
                return;
            }

            WriteObject(new DatabaseRestoreResult(session, run.Started, run.Ended)
            {
                Path = run.Result.BackupFile,
                Database = run.Result.Database,
                SqlServer = run.Result.SqlServer,
                SchemaScriptCount = run.Result.SchemaScriptCount,
                LastSchemaScript = run.Result.LastSchemaScript,
            });
        }
    }
}
