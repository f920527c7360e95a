using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// <c>Restore-OctopusDatabase</c>: from a backup set's manifest, checks the file's SHA-256, takes the database to
    /// SINGLE_USER, restores it with REPLACE and CHECKSUM, sets it back to MULTI_USER whatever happened, and then reads
    /// the schema history back: the restore counts as done only when it is the one the manifest recorded.
    /// </summary>
    public sealed class RestoreOctopusDatabaseStep : Step<RestoreOctopusDatabaseRequest, RestorePlan, RestoreOctopusDatabaseResult>
    {
        public const string StepName = "Restore-OctopusDatabase";

        public const string RestoreAction = "Restore";

        public override string Name => StepName;

        private protected override Task<StepPlan<RestorePlan>> PlanCoreAsync(StepRunner runner, RestoreOctopusDatabaseRequest request, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            var manifest = BackupSetFiles.Read(request.ManifestPath);
            var item = manifest.Find(BackupKind.Database) ?? throw Invalid(request.ManifestPath, "it names no database backup (a 2.x set is restored by Octopus's own tools)");
            var database = session.Sql?.Database ?? throw new OctopusUpgradeException(
                BackupErrorIds.DatabaseUnknown,
                FailureCategory.InvalidOperation,
                "The session has no SQL connection string naming the Octopus database: create it with -SqlConnectionString 'Server=…;Database=…'. Nothing was restored.",
                session.ToString());
            if (!string.Equals(database, manifest.Database, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(request.ManifestPath, $"it is a backup of database '{manifest.Database}', but the session's database is '{database}'");
            }

            var file = BackupSetFiles.Locate(request.ManifestPath, item);
            var statements = new[]
            {
                SqlStatements.SingleUser(database),
                SqlStatements.RestoreDatabase(database, file),
                SqlStatements.MultiUser(database),
            };
            var description = string.Format(
                CultureInfo.InvariantCulture,
                "Replace the database with the backup '{0}' (taken {1:u} from Octopus {2}; last schema script {3}), ending every other session in it",
                file,
                manifest.Created,
                manifest.ServerVersion,
                manifest.LastSchemaScript ?? "none");
            var action = new StepAction(RestoreAction, $"{session.Sql!.Server}/{database}", description, ActionImpact.High)
            {
                Details = statements.Select(s => new StepActionDetail(session.Sql.Server, s)).ToArray(),
            };
            var plan = new RestorePlan(manifest, request.ManifestPath, database, file, item, statements);
            return Task.FromResult(new StepPlan<RestorePlan>(plan, new[] { action }));
        }

        private protected override async Task<RestoreOctopusDatabaseResult> ExecuteCoreAsync(StepRunner runner, RestoreOctopusDatabaseRequest request, StepPlan<RestorePlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var restore = plan.Detail;
            var stage = new StepStage(StepName, $"The database '{restore.Database}' may be RESTORING or SINGLE_USER: run Restore-OctopusDatabase again")
            {
                Details = new Dictionary<string, string> { ["Backup"] = restore.BackupFile, ["Database"] = restore.Database },
            };
            return await runner.RunStageAsync(
                stage,
                token => RestoreAsync(runner, restore, token),
                result => new StepReport
                {
                    Details = new Dictionary<string, string> { ["SchemaScripts"] = result.SchemaScriptCount.ToString(CultureInfo.InvariantCulture), ["LastSchemaScript"] = result.LastSchemaScript ?? string.Empty },
                    Changes = new[] { $"Replaced database '{restore.Database}' on '{result.SqlServer}' with the backup '{restore.BackupFile}'" },
                },
                cancellationToken).ConfigureAwait(false);
        }

        private static async Task<RestoreOctopusDatabaseResult> RestoreAsync(StepRunner runner, RestorePlan restore, CancellationToken cancellationToken)
        {
            var sql = runner.Session.Sql!;
            if (!File.Exists(restore.BackupFile))
            {
                throw Invalid(restore.ManifestPath, $"its database backup '{restore.BackupFile}' is not there");
            }

            var hash = await Task.Run(() => BackupSetFiles.Sha256(restore.BackupFile, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (!string.Equals(hash, restore.Item.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new OctopusUpgradeException(
                    BackupErrorIds.HashMismatch,
                    FailureCategory.InvalidData,
                    $"'{restore.BackupFile}' is not the file the manifest recorded (SHA-256 {hash}, recorded {restore.Item.Sha256}). The database was not touched.",
                    restore.BackupFile);
            }

            var gateway = new SqlServerGateway(sql);
            var backup = new DatabaseBackup(gateway, runner.Reporter);
            try
            {
                // One batch on one connection: between two batches the Octopus Server could take the single user's place.
                await backup.RunWithProgressAsync(restore.Statements[0] + ";\n" + restore.Statements[1], "Restoring database " + restore.Database, cancellationToken).ConfigureAwait(false);
            }
            catch (SqlStatementException e)
            {
                throw new OctopusUpgradeException(BackupErrorIds.RestoreFailed, FailureCategory.InvalidOperation, $"RESTORE DATABASE '{restore.Database}' failed: {e.Message}", restore.Database, e);
            }
            finally
            {
                await SetMultiUserAsync(runner, backup, restore).ConfigureAwait(false);
            }

            var schema = await new OctopusDatabaseQueries(gateway).ReadSchemaHistoryAsync(restore.Database, cancellationToken).ConfigureAwait(false);
            var last = schema.LastOrDefault();
            if (schema.Count != restore.Manifest.SchemaScriptCount || !string.Equals(last, restore.Manifest.LastSchemaScript, StringComparison.Ordinal))
            {
                throw new OctopusUpgradeException(
                    BackupErrorIds.RestoreSchemaMismatch,
                    FailureCategory.InvalidData,
                    $"After the restore, '{restore.Database}' has {schema.Count} schema scripts (last '{last}'), but the backup recorded {restore.Manifest.SchemaScriptCount} (last '{restore.Manifest.LastSchemaScript}'). Do not start Octopus on it.",
                    restore.Database);
            }

            return new RestoreOctopusDatabaseResult(sql.Server, restore.Database, restore.BackupFile, schema.Count, last);
        }

        /// <summary>Also after a failed or stopped restore: a database left SINGLE_USER would keep Octopus out.</summary>
        private static async Task SetMultiUserAsync(StepRunner runner, DatabaseBackup backup, RestorePlan restore)
        {
            try
            {
                await backup.RunWithProgressAsync(restore.Statements[2], "Restoring database " + restore.Database, CancellationToken.None).ConfigureAwait(false);
            }
            catch (SqlStatementException e)
            {
                runner.Reporter.Error(new OctopusUpgradeException(
                    BackupErrorIds.RestoreFailed,
                    FailureCategory.InvalidOperation,
                    $"'{restore.Database}' could not be set back to MULTI_USER ({e.Message}); run: {restore.Statements[2]}",
                    restore.Database,
                    e));
            }
        }

        private static OctopusUpgradeException Invalid(string manifestPath, string why) =>
            new(BackupErrorIds.ManifestInvalid, FailureCategory.InvalidData, $"'{manifestPath}' cannot be restored: {why}.", manifestPath);
    }
}
