using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// An Octopus 2.x backup: 2.x keeps its data in RavenDB, and its own Backup task writes an <c>.octobak</c> (the file
    /// Octopus.Migrator.exe imports) into the home folder's <c>Backup</c> folder, or the folder an administrator chose instead. The task is queued through the API and
    /// waited for; the one new file it left is copied into the set, verified, and hashed. The names of the server's
    /// environments, machines and projects, read just before, go into the manifest for the migration to check against.
    /// </summary>
    internal sealed class LegacyBackup
    {
        /// <summary>Where 2.x writes its backups, under the home folder (facts §5).</summary>
        public const string BackupFolderName = "Backup";

        public const string Extension = ".octobak";

        private readonly StepRunner _runner;

        public LegacyBackup(StepRunner runner)
        {
            _runner = runner;
        }

        public async Task<BackupManifest> RunAsync(BackupPlan set, BackupOctopusDatabaseRequest request, BackupManifest manifest, CancellationToken cancellationToken)
        {
            var session = _runner.Session;
            var folder = request.LegacyBackupFolder ?? Path.Combine(session.HomePath ?? throw HomeUnknown(), BackupFolderName);
            var before = Existing(folder);
            using var client = SessionApiClients.For(session, _runner.Reporter, _runner.Clock);
            var inventory = await EstateInventory.ReadAsync(client, cancellationToken).ConfigureAwait(false);
            var queued = await client.Tasks.CreateAsync(OctopusTaskRequest.Backup("Backup before upgrade (OctopusUpgrade)"), cancellationToken).ConfigureAwait(false);
            var done = await new OctopusTaskWaiter(client, request.PollInterval, TimeSpan.FromTicks(request.PollInterval.Ticks * 10), _runner.Clock)
                .WaitAsync(queued.Id, request.Timeout, cancellationToken).ConfigureAwait(false);
            if (!done.FinishedSuccessfully)
            {
                throw new OctopusUpgradeException(
                    BackupErrorIds.DatabaseBackupFailed,
                    FailureCategory.InvalidOperation,
                    $"The Backup task {done.Id} ended {done.StateName}: {await client.Tasks.GetFailureReasonAsync(done, cancellationToken).ConfigureAwait(false)}. Nothing was copied.",
                    done.Id);
            }

            var made = Existing(folder).Except(before, StringComparer.OrdinalIgnoreCase).Select(f => new FileInfo(f)).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
                ?? throw new OctopusUpgradeException(
                    BackupErrorIds.LegacyBackupNotFound,
                    FailureCategory.ObjectNotFound,
                    $"The Backup task {done.Id} succeeded, but no new {Extension} file appeared in '{folder}'. Check the backup folder configured in the Octopus web portal (Configuration → Backup) and give it as -LegacyBackupFolder, or copy the file yourself.",
                    folder);
            var target = Path.Combine(set.SetFolder, made.Name);
            var folders = new DestinationFolders(StringComparer.OrdinalIgnoreCase);
            await Task.Run(
                () =>
                {
                    new VerifiedFileCopier(CopyFileSystem.Instance, InstanceBackup.CopyErrors).Copy(
                        new VerifiedCopy(made.Name, made.FullName, target, made.Length, made.LastWriteTimeUtc),
                        verifyBothSides: true,
                        new FileWorkerBuffers(),
                        folders,
                        _ => { },
                        cancellationToken);
                    folders.SyncAll(CopyFileSystem.Instance);
                },
                cancellationToken).ConfigureAwait(false);
            var item = BackupSetFiles.Describe(BackupKind.LegacyData, set.SetFolder, target, verified: true, cancellationToken);
            return manifest with { Inventory = inventory, Items = manifest.Items.Concat(new[] { item }).ToList() };
        }

        private static string[] Existing(string folder) =>
            Directory.Exists(folder) ? Directory.GetFiles(folder, "*" + Extension) : Array.Empty<string>();

        private OctopusUpgradeException HomeUnknown() =>
            new(
                BackupErrorIds.LegacyBackupNotFound,
                FailureCategory.InvalidOperation,
                "On Octopus 2.x the Backup task writes its .octobak under the home folder, but the session does not know it: create the session with -HomePath. Nothing was backed up.",
                _runner.Session.ToString());
    }
}
