using System;
using System.Linq;
using System.Management.Automation;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Takes a copy-only, checksummed and verified backup of the Octopus database, with the Master Key, license and configuration, as a backup set with a manifest.</para>
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
        public SwitchParameter SkipMasterKey { get; set; }

        [Parameter]
        public SwitchParameter SkipLicense { get; set; }

        [Parameter]
        public SwitchParameter SkipConfiguration { get; set; }

        [Parameter]
        public SwitchParameter IncludeFolders { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LegacyBackupFolder { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = BackupOctopusDatabaseRequest.DefaultTimeout;

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new BackupOctopusDatabaseRequest
            {
                Path = ResolvePath(Path),
                Compress = Compress.IsPresent,
                NoVerify = NoVerify.IsPresent,
                SkipMasterKey = SkipMasterKey.IsPresent,
                SkipLicense = SkipLicense.IsPresent,
                SkipConfiguration = SkipConfiguration.IsPresent,
                IncludeFolders = IncludeFolders.IsPresent,
                LegacyBackupFolder = LegacyBackupFolder is null ? null : ResolvePath(LegacyBackupFolder),
                Timeout = Timeout,
            };
            var run = RunStep(session, new BackupOctopusDatabaseStep(), request);
            if (run is null)
            {
                return;
            }

            var manifest = run.Result.Manifest;
            var main = manifest.Find(BackupKind.Database) ?? manifest.Find(BackupKind.LegacyData)!;
            WriteObject(new DatabaseBackupResult(session, run.Started, run.Ended)
            {
                Path = System.IO.Path.Combine(run.Result.SetFolder, main.File),
                Database = manifest.Database ?? string.Empty,
                SqlServer = manifest.SqlServer ?? string.Empty,
                SizeBytes = main.SizeBytes,
                Verified = main.Verified,
                CopyOnly = manifest.Header?.IsCopyOnly ?? false,
                Sha256 = main.Sha256,
                Manifest = run.Result.ManifestPath,
                SetFolder = run.Result.SetFolder,
                ServerVersion = manifest.ServerVersion?.ToString(),
                LastSchemaScript = manifest.LastSchemaScript,
                FirstLsn = manifest.Header?.FirstLsn,
                LastLsn = manifest.Header?.LastLsn,
                Files = manifest.Items
                    .Select(i => new OctopusUpgradeBackup(i.Kind.ToString(), System.IO.Path.Combine(run.Result.SetFolder, i.File), manifest.Created, i.SizeBytes, i.Verified))
                    .ToArray(),
            });
        }
    }
}
