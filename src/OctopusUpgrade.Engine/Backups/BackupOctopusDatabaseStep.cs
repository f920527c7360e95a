using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// <c>Backup-OctopusDatabase</c>: planning asks the server its version and SQL Server its edition and settles the
    /// set's folder and the exact T-SQL; executing backs up the database (3.x and later) or runs the Backup task (2.x),
    /// then saves the Master Key, the license and the configuration unless told not to, each checked from outside and
    /// recorded in the set's manifest and the session as it lands.
    /// </summary>
    public sealed class BackupOctopusDatabaseStep : Step<BackupOctopusDatabaseRequest, BackupPlan, BackupOctopusDatabaseResult>
    {
        public const string StepName = "Backup-OctopusDatabase";

        public const string DatabaseAction = "Database";
        public const string LegacyAction = "LegacyBackup";
        public const string MasterKeyAction = "MasterKey";
        public const string LicenseAction = "License";
        public const string ConfigurationAction = "Configuration";
        public const string FoldersAction = "Folders";

        public const string DefaultFolderName = "Backups";
        public const string MasterKeyFile = "MasterKey.txt";
        public const string ProtectedMasterKeyFile = "MasterKey.dpapi";
        public const string LicenseFile = "License.xml";
        public const string ConfigurationFile = "server-configuration.json";

        private static readonly OctopusVersion FirstSqlVersion = OctopusVersion.Parse("3.0");

        public override string Name => StepName;

        private protected override async Task<StepPlan<BackupPlan>> PlanCoreAsync(StepRunner runner, BackupOctopusDatabaseRequest request, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            OctopusVersion? version;
            using (var client = SessionApiClients.For(session, runner.Reporter, runner.Clock))
            {
                version = (await client.GetRootAsync(cancellationToken).ConfigureAwait(false)).Version;
            }

            if (version is not null)
            {
                runner.Learn(facts => facts with { ServerVersion = version });
            }

            var root = Path.GetFullPath(request.Path ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(session.Journal.Path))!, DefaultFolderName));
            var isLegacy = version is not null && version < FirstSqlVersion;
            var database = isLegacy ? null : session.Sql?.Database ?? throw DatabaseUnknown(session);
            var baseName = BaseName(session, database, version, runner.Clock.GetUtcNow());
            var plan = new BackupPlan(Path.Combine(root, baseName), baseName, version) { Database = database };
            var actions = new List<StepAction>();
            if (isLegacy)
            {
                actions.Add(new StepAction(LegacyAction, session.Server.ToString(), $"Run the Octopus {version} Backup task and copy the new .octobak to '{plan.SetFolder}'", ActionImpact.Medium));
                runner.Reporter.Warning("On Octopus 2.x, back up before maintenance mode is switched on: the Backup task is an administrator's task, which maintenance mode may block.");
            }
            else
            {
                var sqlServer = await new OctopusDatabaseQueries(new SqlServerGateway(session.Sql!)).ReadServerAsync(cancellationToken).ConfigureAwait(false);
                if (sqlServer.IsAzureSqlDatabase)
                {
                    throw new OctopusUpgradeException(
                        BackupErrorIds.AzureSqlDatabase,
                        FailureCategory.InvalidOperation,
                        $"'{database}' is an Azure SQL Database, which takes no BACKUP DATABASE TO DISK. Use its automated backups instead: note the time before the upgrade (point-in-time restore), or make a copy with CREATE DATABASE [{database}_before_upgrade] AS COPY OF [{database}], or export a BACPAC.",
                        database);
                }

                if (request.Compress && !sqlServer.SupportsCompression)
                {
                    throw new OctopusUpgradeException(BackupErrorIds.CompressionNotSupported, FailureCategory.InvalidArgument, $"SQL Server '{session.Sql!.Server}' ({sqlServer.Edition}) cannot compress backups: leave out -Compress.", database);
                }

                var final = Path.Combine(plan.SetFolder, baseName + ".bak");
                var partial = final + ".partial";
                plan = plan with
                {
                    SqlServer = sqlServer,
                    DatabaseFile = final,
                    PartialFile = partial,
                    BackupStatement = SqlStatements.BackupDatabase(database!, partial, request.CopyOnly, request.Compress),
                    VerifyStatement = SqlStatements.VerifyBackup(partial),
                };
                var checks = new List<StepActionDetail>();
                if (!request.NoVerify)
                {
                    checks.Add(new StepActionDetail(session.Sql!.Server, plan.VerifyStatement));
                }

                checks.Add(new StepActionDetail(session.Sql!.Server, SqlStatements.BackupHeader(partial)));
                actions.Add(new StepAction(DatabaseAction, $"{session.Sql!.Server}/{database}", "Run on SQL Server: " + plan.BackupStatement, ActionImpact.Medium) { Details = checks });
            }

            actions.AddRange(OptionalActions(session, request, plan));
            var warnings = new List<string>();
            if (session.InstallPath is null && (!request.SkipMasterKey || !request.SkipConfiguration))
            {
                warnings.Add(InstallPathUnknown().Message);
            }

            return new StepPlan<BackupPlan>(plan, actions) { WhatIfWarnings = warnings };
        }

        private protected override async Task<BackupOctopusDatabaseResult> ExecuteCoreAsync(StepRunner runner, BackupOctopusDatabaseRequest request, StepPlan<BackupPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            var set = plan.Detail;
            if (session.InstallPath is null && (confirmed.Includes(MasterKeyAction) || confirmed.Includes(ConfigurationAction)))
            {
                throw InstallPathUnknown();
            }

            Directory.CreateDirectory(set.SetFolder);
            var manifest = new BackupManifest
            {
                Created = runner.Clock.GetUtcNow(),
                OctopusServer = session.Server.ToString(),
                ServerVersion = set.ServerVersion,
                SqlServer = set.IsLegacy ? null : session.Sql!.Server,
                Database = set.Database,
                SqlProductVersion = set.SqlServer?.ProductVersion,
            };
            var manifestPath = BackupSetFiles.Write(set.SetFolder, manifest);
            var instance = new InstanceBackup(runner, set.SetFolder);
            if (set.IsLegacy)
            {
                manifest = await Stage(runner, set, manifest, StepName, "The Backup task may have run; the .octobak was not copied into the set", token => new LegacyBackup(runner).RunAsync(set, request, manifest, token), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                manifest = await Stage(runner, set, manifest, StepName, "A partial backup file may remain beside the set's final name; no file under the final name was written", token => BackUpDatabaseAsync(runner, request, set, manifest, token), cancellationToken).ConfigureAwait(false);
            }

            if (confirmed.Includes(MasterKeyAction))
            {
                manifest = await Stage(runner, set, manifest, StepName + " -MasterKey", "The Master Key file may be incomplete", token => Add(manifest, instance.SaveMasterKeyAsync(token)), cancellationToken).ConfigureAwait(false);
            }

            if (confirmed.Includes(LicenseAction))
            {
                manifest = await Stage(runner, set, manifest, StepName + " -License", "The license file may be incomplete", token => Add(manifest, instance.SaveLicenseAsync(token)), cancellationToken).ConfigureAwait(false);
            }

            if (confirmed.Includes(ConfigurationAction))
            {
                manifest = await Stage(runner, set, manifest, StepName + " -Configuration", "The configuration file may be incomplete", token => Add(manifest, instance.SaveConfigurationAsync(token)), cancellationToken).ConfigureAwait(false);
            }

            if (confirmed.Includes(FoldersAction))
            {
                manifest = await Stage(runner, set, manifest, StepName + " -IncludeFolders", "Some server folders may be partly copied", token => Add(manifest, instance.CopyServerFoldersAsync(token)), cancellationToken).ConfigureAwait(false);
            }

            return new BackupOctopusDatabaseResult(manifest, manifestPath, set.SetFolder);
        }

        /// <summary>Runs one journalled part, which returns the manifest with what it saved; the manifest is rewritten at once and the new items join the session's backups.</summary>
        private static async Task<BackupManifest> Stage(
            StepRunner runner,
            BackupPlan set,
            BackupManifest manifest,
            string name,
            string ifInterrupted,
            Func<CancellationToken, Task<BackupManifest>> work,
            CancellationToken cancellationToken)
        {
            var before = manifest.Items.Count;
            var stage = new StepStage(name, ifInterrupted) { Details = new Dictionary<string, string> { ["Set"] = set.SetFolder } };
            var result = await runner.RunStageAsync(
                stage,
                async token =>
                {
                    var updated = await work(token).ConfigureAwait(false);
                    BackupSetFiles.Write(set.SetFolder, updated);
                    return updated;
                },
                result => new StepReport
                {
                    Details = result.Items.Skip(before).ToDictionary(i => i.Kind + " " + i.File, i => "sha256:" + i.Sha256, StringComparer.Ordinal),
                    Changes = result.Items.Skip(before).Select(i => $"Wrote {i.Kind} backup '{Path.Combine(set.SetFolder, i.File)}' ({i.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes)").ToArray(),
                },
                cancellationToken).ConfigureAwait(false);
            var taken = runner.Clock.GetUtcNow();
            var added = result.Items.Skip(before).Select(i => new BackupRecord(i.Kind, Path.Combine(set.SetFolder, i.File), taken, i.SizeBytes, i.Verified)).ToList();
            runner.Learn(facts => facts with { Backups = facts.Backups.Concat(added).ToList() });
            return result;
        }

        private static async Task<BackupManifest> Add(BackupManifest manifest, Task<IReadOnlyList<BackupManifestItem>> saving) =>
            manifest with { Items = manifest.Items.Concat(await saving.ConfigureAwait(false)).ToList() };

        private static async Task<BackupManifest> BackUpDatabaseAsync(StepRunner runner, BackupOctopusDatabaseRequest request, BackupPlan set, BackupManifest manifest, CancellationToken cancellationToken)
        {
            var gateway = new SqlServerGateway(runner.Session.Sql!);
            var schema = await new OctopusDatabaseQueries(gateway).ReadSchemaHistoryAsync(set.Database!, cancellationToken).ConfigureAwait(false);
            var (header, verified) = await new DatabaseBackup(gateway, runner.Reporter).RunAsync(set, request, cancellationToken).ConfigureAwait(false);
            var item = BackupSetFiles.Describe(BackupKind.Database, set.SetFolder, set.DatabaseFile!, verified, cancellationToken);
            return manifest with
            {
                Header = header,
                LastSchemaScript = schema.LastOrDefault(),
                SchemaScriptCount = schema.Count,
                Items = manifest.Items.Concat(new[] { item }).ToList(),
            };
        }

        private static IEnumerable<StepAction> OptionalActions(UpgradeSession session, BackupOctopusDatabaseRequest request, BackupPlan plan)
        {
            var instance = session.InstanceName;
            if (!request.SkipMasterKey)
            {
                yield return new StepAction(
                    MasterKeyAction,
                    instance,
                    $"Save the Master Key ({OctopusServerCommandLine.Describe(session.InstallPath, OctopusServerCommandLine.ShowMasterKey(instance))}) to '{Path.Combine(plan.SetFolder, OwnerOnlyMasterKeyFile)}', readable by the current user only",
                    ActionImpact.Low) { Optional = true };
            }

            if (!request.SkipLicense)
            {
                yield return new StepAction(LicenseAction, session.Server.ToString(), $"Save the license to '{Path.Combine(plan.SetFolder, LicenseFile)}'", ActionImpact.Low) { Optional = true };
            }

            if (!request.SkipConfiguration)
            {
                var file = Path.Combine(plan.SetFolder, ConfigurationFile);
                yield return new StepAction(
                    ConfigurationAction,
                    instance,
                    $"Save the instance configuration ({OctopusServerCommandLine.Describe(session.InstallPath, OctopusServerCommandLine.ShowConfiguration(instance, file))}), readable by the current user only",
                    ActionImpact.Low) { Optional = true };
            }

            if (request.IncludeFolders)
            {
                yield return new StepAction(FoldersAction, session.Server.ToString(), $"Copy the server folders (artifacts, task logs, packages, event exports) into '{plan.SetFolder}', verified", ActionImpact.Low) { Optional = true };
            }
        }

        private static string OwnerOnlyMasterKeyFile => Security.OwnerOnlyFile.UsesDataProtection ? ProtectedMasterKeyFile : MasterKeyFile;

        private static string BaseName(UpgradeSession session, string? database, OctopusVersion? version, DateTimeOffset now)
        {
            var parts = new[] { session.Sql?.Server ?? session.Server.Host, database ?? "Octopus", version?.ToString() ?? "unknown", now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) };
            return string.Join("_", parts.Select(Safe));
        }

        /// <summary>A name part that is a valid file name anywhere and needs no quoting in T-SQL: letters, digits, '.', '-'.</summary>
        private static string Safe(string part) => new(part.Select(c => c < 128 && (char.IsLetterOrDigit(c) || c is '.' or '-') ? c : '-').ToArray());

        private static OctopusUpgradeException DatabaseUnknown(UpgradeSession session) =>
            new(
                BackupErrorIds.DatabaseUnknown,
                FailureCategory.InvalidOperation,
                "The session has no SQL connection string naming the Octopus database: create it with -SqlConnectionString 'Server=…;Database=…' (and -SqlCredential). Nothing was backed up.",
                session.ToString());

        internal static OctopusUpgradeException InstallPathUnknown() =>
            new(
                BackupErrorIds.InstallPathUnknown,
                FailureCategory.InvalidOperation,
                "Saving the Master Key and the configuration runs Octopus.Server.exe, but the session does not know the install folder: create the session with -InstallPath, or add -SkipMasterKey and -SkipConfiguration (and keep the Master Key safe yourself: without it the database's sensitive values cannot be read). Nothing was backed up.");
    }
}
