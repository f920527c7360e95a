using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Backups
{
    /// <summary>Restore-OctopusDatabase from a backup set's manifest, confirmed by reading the database back.</summary>
    public sealed class RestoreOctopusDatabaseStepTests
    {
        private static readonly BackupOctopusDatabaseRequest DatabaseOnly = new() { SkipMasterKey = true, SkipLicense = true, SkipConfiguration = true };

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Backup_verify_restore_round_trip_brings_back_the_database_the_manifest_describes(bool encrypt)
        {
            await using var sandbox = await BackupSandbox.StartAsync(encrypt: encrypt);
            var backup = await sandbox.BackUpAsync(DatabaseOnly);
            sandbox.Server.Estate.Sql.AddCustomObject(new SqlObjectDescription { Schema = "dbo", Name = "AddedAfterTheBackup", Type = "U" });

            var restored = await sandbox.RestoreAsync(backup.SetFolder);

            Assert.Equal((backup.Manifest.SchemaScriptCount, backup.Manifest.LastSchemaScript), (restored.SchemaScriptCount, restored.LastSchemaScript));
            var objects = await new SqlServerGateway(sandbox.Session.Sql!).QueryAsync(backup.Manifest.Database, SqlStatements.CustomObjects, null, CancellationToken.None);
            Assert.DoesNotContain(objects, o => (string?)o["name"] == "AddedAfterTheBackup");
            Assert.Equal(("ONLINE", "MULTI_USER"), (sandbox.Server.Estate.Sql.State, sandbox.Server.Estate.Sql.UserAccess));
            Assert.Equal(StepOutcome.Succeeded, UpgradeJournal.Load(sandbox.Session.Journal.Path).Records.Last().Outcome);
        }

        [Fact]
        public async Task The_plan_is_one_high_impact_action_listing_the_exact_statements()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var backup = await sandbox.BackUpAsync(DatabaseOnly);

            var plan = await sandbox.Runner.PlanAsync(new RestoreOctopusDatabaseStep(), new RestoreOctopusDatabaseRequest(backup.ManifestPath), CancellationToken.None);

            var action = Assert.Single(plan.Actions);
            Assert.Equal(ActionImpact.High, action.Impact);
            var file = BackupSetFiles.Locate(backup.ManifestPath, backup.Manifest.Find(BackupKind.Database)!);
            Assert.Equal(
                new[] { "ALTER DATABASE [OctopusDeploy] SET SINGLE_USER WITH ROLLBACK IMMEDIATE", $"RESTORE DATABASE [OctopusDeploy] FROM DISK = N'{file}' WITH REPLACE, CHECKSUM, STATS = 10", "ALTER DATABASE [OctopusDeploy] SET MULTI_USER" },
                action.Details.Select(d => d.Description));
        }

        [Fact]
        public async Task A_corrupted_backup_is_refused_by_its_hash_before_the_database_is_touched()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var backup = await sandbox.BackUpAsync(DatabaseOnly);
            Corrupt(BackupSetFiles.Locate(backup.ManifestPath, backup.Manifest.Find(BackupKind.Database)!));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.RestoreAsync(backup.ManifestPath));

            Assert.Equal(BackupErrorIds.HashMismatch, error.ErrorId);
            Assert.Equal(("ONLINE", "MULTI_USER"), (sandbox.Server.Estate.Sql.State, sandbox.Server.Estate.Sql.UserAccess));
        }

        [Fact]
        public async Task A_corrupted_backup_whose_manifest_was_rewritten_to_match_is_still_caught_by_sql_servers_checksum_and_the_database_is_set_back_to_multi_user()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var backup = await sandbox.BackUpAsync(DatabaseOnly);
            var file = BackupSetFiles.Locate(backup.ManifestPath, backup.Manifest.Find(BackupKind.Database)!);
            Corrupt(file);
            Rewrite(backup.ManifestPath, json => json["Items"]![0]!["Sha256"] = BackupSetFiles.Sha256(file, CancellationToken.None));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.RestoreAsync(backup.ManifestPath));

            Assert.Equal(BackupErrorIds.RestoreFailed, error.ErrorId);
            Assert.Contains("3183", error.Message, StringComparison.Ordinal);
            Assert.Equal("MULTI_USER", sandbox.Server.Estate.Sql.UserAccess);
            Assert.Equal(StepOutcome.Failed, UpgradeJournal.Load(sandbox.Session.Journal.Path).Records.Last().Outcome);
        }

        [Fact]
        public async Task A_restore_whose_schema_history_differs_from_the_manifest_is_not_reported_as_done()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var backup = await sandbox.BackUpAsync(DatabaseOnly);
            Rewrite(backup.ManifestPath, json => json["LastSchemaScript"] = "Script9999 - not in this backup.sql");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.RestoreAsync(backup.ManifestPath));

            Assert.Equal(BackupErrorIds.RestoreSchemaMismatch, error.ErrorId);
        }

        [Fact]
        public async Task A_manifest_of_another_database_is_refused()
        {
            await using var sandbox = await BackupSandbox.StartAsync();
            var backup = await sandbox.BackUpAsync(DatabaseOnly);
            Rewrite(backup.ManifestPath, json => json["Database"] = "SomethingElse");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => sandbox.RestoreAsync(backup.ManifestPath));

            Assert.Equal(BackupErrorIds.ManifestInvalid, error.ErrorId);
        }

        private static void Corrupt(string file)
        {
            var bytes = File.ReadAllBytes(file);
            var middle = bytes.Length / 2;
            bytes[middle] = (byte)(bytes[middle] == (byte)'7' ? '8' : '7');
            File.WriteAllBytes(file, bytes);
        }

        private static void Rewrite(string manifestPath, Action<JObject> change)
        {
            var json = JObject.Parse(File.ReadAllText(manifestPath));
            change(json);
            File.WriteAllText(manifestPath, json.ToString());
        }
    }
}
