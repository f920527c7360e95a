using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Sql;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// The SQL part of a backup: BACKUP DATABASE into a partial file with live progress, RESTORE VERIFYONLY, RESTORE
    /// HEADERONLY checked against what was asked, then the rename to the final name. Anything short of that removes
    /// the partial file, so no file under the final name is ever less than a verified backup.
    /// </summary>
    internal sealed class DatabaseBackup
    {
        private static readonly Regex PercentProcessed = new(@"^(\d+) percent processed", RegexOptions.CultureInvariant);

        private readonly SqlServerGateway _gateway;
        private readonly IOperationReporter _reporter;

        public DatabaseBackup(SqlServerGateway gateway, IOperationReporter reporter)
        {
            _gateway = gateway;
            _reporter = reporter;
        }

        public async Task<(DatabaseBackupHeader Header, bool Verified)> RunAsync(BackupPlan plan, BackupOctopusDatabaseRequest request, CancellationToken cancellationToken)
        {
            var partial = plan.PartialFile!;
            var final = plan.DatabaseFile!;
            var activity = "Backing up database " + plan.Database;
            try
            {
                await RunWithProgressAsync(plan.BackupStatement!, activity, cancellationToken).ConfigureAwait(false);
                if (!File.Exists(partial))
                {
                    throw new OctopusUpgradeException(
                        BackupErrorIds.FileNotVisible,
                        FailureCategory.ObjectNotFound,
                        $"SQL Server '{_gateway.Server}' reports the backup written to '{partial}', but this machine does not see that file. Give -Path as a share that both this machine and the SQL Server service reach under the same name.",
                        partial);
                }

                var verified = false;
                if (!request.NoVerify)
                {
                    await VerifyAsync(plan.VerifyStatement!, partial, cancellationToken).ConfigureAwait(false);
                    verified = true;
                }

                var header = await new OctopusDatabaseQueries(_gateway).ReadBackupHeaderAsync(partial, cancellationToken).ConfigureAwait(false);
                CheckHeader(header, plan, request, partial);
                File.Move(partial, final);
                return (header, verified);
            }
            catch (SqlStatementException e) when (e.Has(3201))
            {
                var account = await new OctopusDatabaseQueries(_gateway).ReadServiceAccountAsync(CancellationToken.None).ConfigureAwait(false);
                throw new OctopusUpgradeException(
                    BackupErrorIds.DeviceNotOpened,
                    FailureCategory.PermissionDenied,
                    $"SQL Server '{_gateway.Server}' could not open '{partial}' to write the backup (Msg 3201). SQL Server opens that path itself, on its own machine, as its service account "
                    + $"{(account is null ? "(which it did not name)" : "'" + account + "'")}: make sure the folder exists there and that account may write to it, or give -Path a folder it can write. {e.Message}",
                    partial,
                    e);
            }
            catch (SqlStatementException e) when (e.Has(1844))
            {
                throw new OctopusUpgradeException(BackupErrorIds.CompressionNotSupported, FailureCategory.InvalidArgument, $"This SQL Server edition cannot compress backups: leave out -Compress. {e.Message}", plan.Database, e);
            }
            catch (SqlStatementException e)
            {
                throw new OctopusUpgradeException(BackupErrorIds.DatabaseBackupFailed, FailureCategory.WriteError, $"The backup of '{plan.Database}' failed; nothing was kept. {e.Message}", partial, e);
            }
            finally
            {
                _reporter.Progress(new OperationProgress(ProgressIds.Sql, activity, "Done") { Completed = true });
                if (File.Exists(partial))
                {
                    File.Delete(partial);
                }
            }
        }

        /// <summary>Runs a BACKUP or RESTORE, reporting SQL Server's "N percent processed." as progress.</summary>
        public Task RunWithProgressAsync(string statement, string activity, CancellationToken cancellationToken)
        {
            _reporter.Verbose("Running on SQL Server '" + _gateway.Server + "': " + statement);
            return _gateway.ExecuteAsync(
                statement,
                message =>
                {
                    var percent = PercentProcessed.Match(message.Text);
                    if (percent.Success)
                    {
                        _reporter.Progress(new OperationProgress(ProgressIds.Sql, activity, message.Text) { PercentComplete = int.Parse(percent.Groups[1].Value, CultureInfo.InvariantCulture) });
                    }
                    else
                    {
                        _reporter.Verbose(message.Text);
                    }
                },
                cancellationToken);
        }

        private async Task VerifyAsync(string statement, string path, CancellationToken cancellationToken)
        {
            try
            {
                await RunWithProgressAsync(statement, "Verifying " + Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
            }
            catch (SqlStatementException e)
            {
                throw new OctopusUpgradeException(BackupErrorIds.VerifyFailed, FailureCategory.InvalidData, $"RESTORE VERIFYONLY found the new backup unusable, so it was not kept: {e.Message}", path, e);
            }
        }

        private static void CheckHeader(DatabaseBackupHeader header, BackupPlan plan, BackupOctopusDatabaseRequest request, string path)
        {
            var problems = new System.Collections.Generic.List<string>();
            if (!string.Equals(header.DatabaseName, plan.Database, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"it holds database '{header.DatabaseName}', not '{plan.Database}'");
            }

            if (header.IsCopyOnly != request.CopyOnly)
            {
                problems.Add(request.CopyOnly ? "it is not copy-only" : "it is copy-only");
            }

            if (!header.HasBackupChecksums)
            {
                problems.Add("it carries no checksums");
            }

            if (request.Compress && !header.Compressed)
            {
                problems.Add("it is not compressed");
            }

            if (problems.Count > 0)
            {
                throw new OctopusUpgradeException(
                    BackupErrorIds.HeaderMismatch,
                    FailureCategory.InvalidData,
                    $"RESTORE HEADERONLY says the new backup is not what was asked ({string.Join("; ", problems)}), so it was not kept.",
                    path);
            }
        }
    }
}
