using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Backups
{
    /// <summary>Backup-OctopusDatabase against the sandbox's SQL Server over TDS with the real SqlClient, and its 2.6 Backup task.</summary>
    public sealed class BackupOctopusDatabaseStepTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_backup_set_holds_a_verified_copy_only_backup_the_master_key_license_and_configuration(bool encrypt)
        {
            await using var sandbox = await BackupSandbox.StartAsync(encrypt: encrypt);

            var result = await sandbox.BackUpAsync();

            var manifest = BackupSetFiles.Read(result.ManifestPath);
            Assert.Equal(new[] { BackupKind.Database, BackupKind.MasterKey, BackupKind.License, BackupKind.Configuration }, manifest.Items.Select(i => i.Kind));
            Assert.All(manifest.Items, i => Assert.Equal(BackupSetFiles.Sha256(BackupSetFiles.Locate(result.ManifestPath, i), CancellationToken.None), i.Sha256));
            Assert.All(manifest.Items, i => Assert.True(i.Verified, i.Kind.ToString()));
            var database = BackupSetFiles.Locate(result.ManifestPath, manifest.Find(BackupKind.Database)!);
            Assert.Equal(new FileInfo(database).Length, manifest.Find(BackupKind.Database)!.SizeBytes);
            Assert.Empty(Directory.GetFiles(result.SetFolder, "*.partial"));

            // The header as SQL Server reads it from the file now, not as the step remembered it.
            var header = await new OctopusDatabaseQueries(new SqlServerGateway(sandbox.Session.Sql!)).ReadBackupHeaderAsync(database, CancellationToken.None);
            Assert.Equal(header, manifest.Header);
            Assert.True(header.IsCopyOnly);
            Assert.True(header.HasBackupChecksums);
            Assert.Equal(sandbox.Server.Estate.Sql.DatabaseName, header.DatabaseName);
            Assert.Equal(sandbox.Server.Estate.Sql.SchemaScripts.Count, manifest.SchemaScriptCount);
            Assert.Equal(sandbox.Server.Estate.Sql.SchemaScripts[^1], manifest.LastSchemaScript);
            Assert.Contains(sandbox.Server.Estate.Version.ToString(), Path.GetFileName(database), StringComparison.Ordinal);
            Assert.Contains(sandbox.Reporter.Progresses, p => p.PercentComplete > 0 && p.Status.EndsWith("percent processed.", StringComparison.Ordinal));

            var masterKeyFile = BackupSetFiles.Locate(result.ManifestPath, manifest.Find(BackupKind.MasterKey)!);
            Assert.Equal(sandbox.Server.Estate.MasterKey, OwnerOnlyFile.ReadSecret(masterKeyFile).Reveal());
            var configurationFile = BackupSetFiles.Locate(result.ManifestPath, manifest.Find(BackupKind.Configuration)!);
            if (OperatingSystem.IsWindows())
            {
                Assert.DoesNotContain(sandbox.Server.Estate.MasterKey, File.ReadAllText(masterKeyFile), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(masterKeyFile));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configurationFile));
            }
            Assert.Contains(sandbox.Server.Estate.License.SerialNumber, File.ReadAllText(BackupSetFiles.Locate(result.ManifestPath, manifest.Find(BackupKind.License)!)), StringComparison.Ordinal);

            Assert.Equal(manifest.Items.Select(i => i.Kind), sandbox.Session.Facts.Backups.Select(b => b.Kind));
            var reopened = UpgradeJournal.Load(sandbox.Session.Journal.Path);
            Assert.All(reopened.Records, r => Assert.Equal(StepOutcome.Succeeded, r.Outcome));
            Assert.Equal(4, reopened.Records.Count);
        }

        [Fact]
        public async Task The_plan_shows_the_exact_t_sql_and_changes_nothing()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var step = new BackupOctopusDatabaseStep();

            var plan = await sandbox.Runner.PlanAsync(step, new BackupOctopusDatabaseRequest { Path = sandbox.BackupRoot, Compress = true }, CancellationToken.None);

            var database = plan.Actions[0];
            Assert.Equal("Run on SQL Server: " + SqlStatements.BackupDatabase("OctopusDeploy", plan.Detail.PartialFile!, copyOnly: true, compress: true), database.Description);
            Assert.Equal(new[] { SqlStatements.VerifyBackup(plan.Detail.PartialFile!), SqlStatements.BackupHeader(plan.Detail.PartialFile!) }, database.Details.Select(d => d.Description));
            Assert.False(Directory.Exists(sandbox.BackupRoot));
            Assert.Empty(UpgradeJournal.Load(sandbox.Session.Journal.Path).Records);
        }

        [Fact]
        public async Task A_database_named_with_a_bracket_and_a_quote_backs_up_and_restores()
        {
            await using var sandbox = await BackupSandbox.StartAsync(configure: d => d.Sql!.DatabaseName = "Oct]o'pus");

            var backup = await sandbox.BackUpAsync(new BackupOctopusDatabaseRequest { SkipMasterKey = true, SkipConfiguration = true, SkipLicense = true });
            var restored = await sandbox.RestoreAsync(backup.ManifestPath);

            Assert.Equal("Oct]o'pus", backup.Manifest.Header!.DatabaseName);
            Assert.Equal(backup.Manifest.LastSchemaScript, restored.LastSchemaScript);
        }

        [Fact]
        public async Task Error_3201_names_the_sql_server_service_account_and_the_path_as_the_server_sees_it()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            sandbox.Server.Faults.Sql.DenyBackupDevice();

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync());

            Assert.Equal(BackupErrorIds.DeviceNotOpened, error.ErrorId);
            Assert.Contains(@"NT Service\MSSQLSERVER", error.Message, StringComparison.Ordinal);
            Assert.Contains(sandbox.BackupRoot, error.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { BackupManifest.FileName }, Directory.GetFiles(sandbox.BackupRoot, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
            Assert.Equal(StepOutcome.Failed, Assert.Single(UpgradeJournal.Load(sandbox.Session.Journal.Path).Records).Outcome);
            Assert.Empty(sandbox.Session.Facts.Backups);
        }

        [Fact]
        public async Task Azure_sql_database_is_refused_with_the_alternative_spelled_out()
        {
            await using var sandbox = await BackupSandbox.StartAsync(configure: d => d.Sql!.EngineEdition = SqlServerInfo.AzureSqlDatabaseEdition);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync());

            Assert.Equal(BackupErrorIds.AzureSqlDatabase, error.ErrorId);
            Assert.Contains("AS COPY OF", error.Message, StringComparison.Ordinal);
            Assert.Contains("point-in-time restore", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Compression_on_express_is_refused_before_anything_runs()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.V3);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync(new BackupOctopusDatabaseRequest { Compress = true }));

            Assert.Equal(BackupErrorIds.CompressionNotSupported, error.ErrorId);
            Assert.False(Directory.Exists(sandbox.BackupRoot));
        }

        [Fact]
        public async Task A_cancelled_backup_leaves_no_file_under_the_final_name()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            sandbox.Server.Faults.Sql.SlowBackup(TimeSpan.FromMilliseconds(200));
            using var stop = new CancellationTokenSource();
            sandbox.Reporter.OnProgress = p =>
            {
                if (p.PercentComplete > 0)
                {
                    stop.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sandbox.BackUpAsync(cancellationToken: stop.Token));

            var left = Directory.GetFiles(sandbox.BackupRoot, "*", SearchOption.AllDirectories);
            Assert.Equal(new[] { BackupManifest.FileName }, left.Select(Path.GetFileName));
            Assert.Equal(StepOutcome.Cancelled, Assert.Single(UpgradeJournal.Load(sandbox.Session.Journal.Path).Records).Outcome);
        }

        [Fact]
        public async Task A_backup_dropped_mid_way_fails_and_keeps_nothing()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            sandbox.Server.Faults.Sql.DisconnectDuringBackup(50);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync());

            Assert.Equal(BackupErrorIds.DatabaseBackupFailed, error.ErrorId);
            Assert.Empty(Directory.GetFiles(sandbox.BackupRoot, "*.bak*", SearchOption.AllDirectories));
        }

        [Fact]
        public async Task Without_an_install_folder_the_master_key_is_refused_before_anything_is_backed_up()
        {
            await using var sandbox = await BackupSandbox.StartAsync(installPath: false);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync());

            Assert.Equal(BackupErrorIds.InstallPathUnknown, error.ErrorId);
            Assert.False(Directory.Exists(sandbox.BackupRoot));
        }

        [Fact]
        public async Task On_2_6_the_backup_task_runs_and_its_octobak_is_copied_into_the_set_and_hashed()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.Legacy26);

            var result = await sandbox.BackUpAsync(new BackupOctopusDatabaseRequest { SkipMasterKey = true, SkipConfiguration = true });

            var legacy = result.Manifest.Find(BackupKind.LegacyData)!;
            Assert.EndsWith(".octobak", legacy.File, StringComparison.Ordinal);
            var copied = BackupSetFiles.Locate(result.ManifestPath, legacy);
            var original = Assert.Single(Directory.GetFiles(Path.Combine(sandbox.Server.HomePath, "Backup"), "*.octobak"));
            Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(copied));
            Assert.Equal(BackupSetFiles.Sha256(original, CancellationToken.None), legacy.Sha256);
            Assert.NotNull(result.Manifest.Find(BackupKind.License));
            Assert.Null(result.Manifest.Database);
            Assert.Contains(sandbox.Reporter.Warnings, w => w.Contains("maintenance mode", StringComparison.Ordinal));
        }

        [Fact]
        public async Task On_2_6_a_backup_folder_moved_on_the_backup_tab_is_found_when_named_and_never_guessed_otherwise()
        {
            var moved = Path.Combine(Path.GetTempPath(), "ou-octobak-" + Guid.NewGuid().ToString("N"));
            try
            {
                await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.Legacy26, configure: d => d.LegacyBackupFolder = moved);
                var request = new BackupOctopusDatabaseRequest { SkipMasterKey = true, SkipConfiguration = true, SkipLicense = true };

                var unnamed = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync(request));
                var result = await sandbox.BackUpAsync(request with { LegacyBackupFolder = moved });

                Assert.Equal(BackupErrorIds.LegacyBackupNotFound, unnamed.ErrorId);
                Assert.Contains("-LegacyBackupFolder", unnamed.Message, StringComparison.Ordinal);
                var legacy = result.Manifest.Find(BackupKind.LegacyData)!;
                var newest = Directory.GetFiles(moved, "*.octobak").OrderBy(f => f, StringComparer.Ordinal).Last();
                Assert.Equal(Path.GetFileName(newest), legacy.File);
                Assert.Equal(BackupSetFiles.Sha256(newest, CancellationToken.None), legacy.Sha256);
            }
            finally
            {
                if (Directory.Exists(moved))
                {
                    Directory.Delete(moved, recursive: true);
                }
            }
        }

        [Fact]
        public async Task On_2_6_a_failed_backup_task_is_explained_from_its_log_because_its_error_message_is_empty()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.Legacy26);
            sandbox.Server.Faults.FailNextTask("Backup", message: "The backup folder \\\\nas01\\octopus is not reachable.");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync(new BackupOctopusDatabaseRequest { SkipMasterKey = true, SkipConfiguration = true, SkipLicense = true }));

            Assert.Equal(BackupErrorIds.DatabaseBackupFailed, error.ErrorId);
            Assert.Contains("is not reachable", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.Combine(sandbox.Server.HomePath, "Backup"), "*.octobak"));
        }

        [Fact]
        public async Task Include_folders_copies_the_server_folders_verified()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var folders = await sandbox.ServerFoldersAsync();
            Directory.CreateDirectory(Path.Combine(folders.TaskLogsDirectory!, "nested"));
            File.WriteAllText(Path.Combine(folders.TaskLogsDirectory!, "nested", "servertasks-1.log.txt"), "task log");

            var result = await sandbox.BackUpAsync(new BackupOctopusDatabaseRequest { IncludeFolders = true, SkipMasterKey = true, SkipConfiguration = true, SkipLicense = true });

            var taskLogs = Assert.Single(result.Manifest.Items, i => i.Kind == BackupKind.ServerFolders && i.File.EndsWith("TaskLogs", StringComparison.Ordinal));
            Assert.Equal("task log", File.ReadAllText(Path.Combine(result.SetFolder, taskLogs.File, "nested", "servertasks-1.log.txt")));
            Assert.Equal(BackupSetFiles.Sha256(Path.Combine(result.SetFolder, taskLogs.File) + ".sha256", CancellationToken.None), taskLogs.Sha256);
        }

        [Fact]
        public async Task No_secret_reaches_any_stream_the_journal_or_the_manifest()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var secrets = new[] { sandbox.Server.ApiKey, sandbox.Server.Estate.Sql.Password, sandbox.Server.Estate.MasterKey };
            sandbox.Server.Faults.Sql.DenyBackupDevice();
            var failure = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.BackUpAsync());

            var result = await sandbox.BackUpAsync();
            var restored = await sandbox.RestoreAsync(result.ManifestPath);

            var everything = string.Join(
                "\n",
                sandbox.Reporter.AllText,
                string.Join("\n", sandbox.Reporter.Verboses),
                string.Join("\n", sandbox.Reporter.Warnings),
                string.Join("\n", sandbox.Reporter.Errors.Select(e => e.ToString())),
                failure.ToString(),
                File.ReadAllText(sandbox.Session.Journal.Path),
                File.ReadAllText(result.ManifestPath),
                result.ToString(),
                restored.ToString());
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, everything, StringComparison.Ordinal));
        }
    }
}
