using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>
    /// <c>Invoke-OctopusMigration</c>: planning checks the backup, finds the Master Key (given, or saved by the session's
    /// backup set, and registered with the masker before any line is built), asks the new server what it lists, and
    /// settles the exact command lines. Executing runs <c>Octopus.Migrator.exe migrate</c>, its output as progress, then
    /// checks through the new server's API that the environments, machines and projects the backup held arrived (the
    /// backup set's manifest recorded them from the 2.6 server), and re-applies the saved license, which the migrator
    /// does not import (facts §5), reading it back from the API. A preview (<c>--dry-run</c>) is checked to have changed
    /// nothing.
    /// </summary>
    public sealed class InvokeOctopusMigrationStep : Step<MigrationRequest, MigrationPlan, MigrationOutcome>
    {
        public const string StepName = "Invoke-OctopusMigration";

        public const string MigrateAction = "Migrate";

        public const string LicenseAction = "License";

        public const int ActivityId = 4301;

        /// <summary>Above these sizes the docs ask for 16 GB and 32 GB of memory (facts §5, minimize-migration-time).</summary>
        private const long LargeBackupBytes = 500L * 1024 * 1024;
        private const long HugeBackupBytes = 1024L * 1024 * 1024;

        private static readonly OctopusVersion FirstSqlVersion = OctopusVersion.Parse("3.0");

        public override string Name => StepName;

        private protected override async Task<StepPlan<MigrationPlan>> PlanCoreAsync(StepRunner runner, MigrationRequest request, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            CheckOptions(request);
            var file = Path.GetFullPath(request.BackupFile);
            if (!File.Exists(file))
            {
                throw new OctopusUpgradeException(MigrationErrorIds.BackupFileNotFound, FailureCategory.ObjectNotFound, $"The 2.6 backup '{file}' does not exist. Nothing was imported.", file);
            }

            var key = request.MasterKey ?? SavedMasterKey(session)
                ?? throw new OctopusUpgradeException(
                    MigrationErrorIds.MasterKeyMissing,
                    FailureCategory.InvalidArgument,
                    "The backup is encrypted with the 2.6 server's Master Key: give it with -MasterKey, or back up the 2.6 server in this session first (Backup-OctopusDatabase saves it). Nothing was imported.",
                    file);
            session.Masker.Add(key);

            using var client = SessionApiClients.For(session, runner.Reporter, runner.Clock);
            var version = (await SessionApiClients.ReadRootAsync(client, session, cancellationToken).ConfigureAwait(false)).Version;
            if (version is not null && version < FirstSqlVersion)
            {
                throw new OctopusUpgradeException(
                    MigrationErrorIds.ServerIsLegacy,
                    FailureCategory.InvalidOperation,
                    $"The server at {session.Server} is still Octopus {version}: install Octopus 2018.10 LTS first (Install-OctopusServer), then import the 2.6 backup into it. Nothing was imported.",
                    session.Server.ToString());
            }

            var before = await EstateInventory.ReadAsync(client, cancellationToken).ConfigureAwait(false);
            var size = new FileInfo(file).Length;
            WarnAboutMemory(runner.Reporter, size);
            var set = BackupSetOf(runner.Reporter, file);
            var expected = set?.Manifest.Inventory;
            if (expected is null)
            {
                runner.Reporter.Warning($"No backup set records what '{Path.GetFileName(file)}' holds (Backup-OctopusDatabase on the 2.6 server writes it), so afterwards only the counts the new server lists can be reported, not checked.");
            }

            var license = request.Preview ? null : SavedLicense(session, set);
            var shown = Shown(session, request);
            var plan = new MigrationPlan(file, size, key, shown) { ServerVersion = version, Before = before, Expected = expected, LicenseFile = license };
            var actions = new List<StepAction>
            {
                new(
                    MigrateAction,
                    session.InstanceName,
                    request.Preview
                        ? $"Preview importing '{file}' ({size.ToString(CultureInfo.InvariantCulture)} bytes) into instance '{session.InstanceName}', committing nothing: {shown}"
                        : $"Import '{file}' ({size.ToString(CultureInfo.InvariantCulture)} bytes) into instance '{session.InstanceName}'; data of the same name is overwritten and this cannot be undone: {shown}",
                    request.Preview ? ActionImpact.Low : ActionImpact.High),
            };
            if (license is not null)
            {
                plan = plan with { LicenseCommandLine = OctopusServerCommandLine.Describe(session.InstallPath, OctopusServerCommandLine.License(session.InstanceName, license)) };
                actions.Add(new StepAction(LicenseAction, session.InstanceName, $"Re-apply the saved license, which the migrator does not import: {plan.LicenseCommandLine}", ActionImpact.Medium));
            }
            else if (!request.Preview)
            {
                runner.Reporter.Warning($"This session saved no license, and the migrator does not import it: apply it afterwards with {OctopusServerCommandLine.Describe(session.InstallPath, OctopusServerCommandLine.License(session.InstanceName, "License.xml"))}.");
            }

            var warnings = session.InstallPath is null ? new[] { InstallPathUnknown(session).Message } : Array.Empty<string>();
            return new StepPlan<MigrationPlan>(plan, actions) { WhatIfWarnings = warnings };
        }

        private protected override async Task<MigrationOutcome> ExecuteCoreAsync(StepRunner runner, MigrationRequest request, StepPlan<MigrationPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            var detail = plan.Detail;
            var installPath = session.InstallPath ?? throw InstallPathUnknown(session);
            var activity = new OperationProgress(ActivityId, Name, "Starting Octopus.Migrator.exe");
            runner.Reporter.Progress(activity);
            try
            {
                var stage = new StepStage(Name, request.Preview ? "Nothing: a preview commits nothing" : "The import may have run in part or in whole; read the new server's environments, machines and projects, and re-run the same command (it overwrites what matches by name)")
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["BackupFile"] = detail.BackupFile,
                        ["CommandLine"] = detail.CommandLine,
                        ["Preview"] = request.Preview ? "true" : "false",
                    },
                };
                var outcome = await runner.RunStageAsync(
                    stage,
                    token => MigrateAsync(runner, request, detail, installPath, activity, token),
                    done => new StepReport
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["Elapsed"] = DurationText.Describe(done.Elapsed),
                            ["Found"] = done.After.ToString(),
                            ["Verified"] = done.Verified ? "true" : "false",
                        },
                        Changes = request.Preview ? Array.Empty<string>() : new[] { $"Imported '{detail.BackupFile}': the new server lists {done.After}" },
                    },
                    cancellationToken).ConfigureAwait(false);
                if (detail.LicenseFile is null || !confirmed.Includes(LicenseAction))
                {
                    return outcome;
                }

                var licenseStage = new StepStage(Name + " -License", "The license may have been changed; read it in the web portal (Configuration, License)")
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["LicenseFile"] = detail.LicenseFile },
                };
                var serial = await runner.RunStageAsync(
                    licenseStage,
                    token => ApplyLicenseAsync(runner, detail.LicenseFile, installPath, token),
                    applied => new StepReport { Changes = new[] { $"Applied the saved license (serial number {applied})" } },
                    cancellationToken).ConfigureAwait(false);
                return outcome with { LicenseApplied = true, LicenseSerialNumber = serial };
            }
            finally
            {
                runner.Reporter.Progress(activity with { Status = "Done", Completed = true });
            }
        }

        private static async Task<MigrationOutcome> MigrateAsync(StepRunner runner, MigrationRequest request, MigrationPlan plan, string installPath, OperationProgress activity, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            var started = runner.Clock.GetUtcNow();
            var reporter = new ToolOutputProgress(runner.Reporter, activity, runner.Clock);
            var arguments = MigratorCommandLine.Migrate(session.InstanceName, request with { BackupFile = plan.BackupFile }, plan.MasterKey.Reveal());
            var result = await new OctopusToolRunner(reporter, session.Masker, runner.Clock)
                .RunAsync(MigratorCommandLine.ExecutablePath(installPath), arguments, cancellationToken)
                .ConfigureAwait(false);
            var elapsed = runner.Clock.GetUtcNow() - started;
            runner.Reporter.Verbose($"Octopus.Migrator.exe finished after {DurationText.Describe(elapsed)}; reading what the new server lists.");

            using var client = SessionApiClients.For(session, runner.Reporter, runner.Clock);
            var after = await EstateInventory.ReadAsync(client, cancellationToken).ConfigureAwait(false);
            var outcome = new MigrationOutcome(plan.BackupFile, request.Preview, result.ExitCode, plan.CommandLine, elapsed)
            {
                After = after,
                Expected = plan.Expected,
                Summary = LastLines(session.Masker.Mask(result.StandardOutput)),
            };
            if (request.Preview)
            {
                var changed = after.Missing(plan.Before).Concat(plan.Before.Missing(after)).ToList();
                if (changed.Count > 0)
                {
                    throw new OctopusUpgradeException(
                        MigrationErrorIds.PreviewChangedData,
                        FailureCategory.InvalidData,
                        $"The preview (--dry-run) should have changed nothing, but the new server's list changed: {string.Join(", ", changed)}.",
                        plan.BackupFile);
                }

                return outcome;
            }

            if (plan.Expected is null || request.OnlyLogs)
            {
                return outcome;
            }

            var missing = plan.Expected.Missing(after);
            if (missing.Count > 0)
            {
                throw new OctopusUpgradeException(
                    MigrationErrorIds.NotVerified,
                    FailureCategory.InvalidData,
                    $"Octopus.Migrator.exe reported success, but the new server does not list {string.Join(", ", missing)}, which the 2.6 server held when the backup was taken. Read the migrator's log before going on.",
                    plan.BackupFile);
            }

            return outcome with { Verified = true };
        }

        private static async Task<string> ApplyLicenseAsync(StepRunner runner, string licenseFile, string installPath, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            var wanted = XDocument.Load(licenseFile).Descendants("SerialNumber").FirstOrDefault()?.Value;
            await new OctopusToolRunner(runner.Reporter, session.Masker, runner.Clock)
                .RunAsync(OctopusServerCommandLine.ExecutablePath(installPath), OctopusServerCommandLine.License(session.InstanceName, licenseFile), cancellationToken)
                .ConfigureAwait(false);
            using var client = SessionApiClients.For(session, runner.Reporter, runner.Clock);
            var current = await client.Licenses.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
            if (wanted is null || !string.Equals(current.SerialNumber, wanted, StringComparison.Ordinal))
            {
                throw new OctopusUpgradeException(
                    MigrationErrorIds.LicenseNotApplied,
                    FailureCategory.InvalidData,
                    $"The saved license '{licenseFile}' (serial number {wanted ?? "none"}) was applied, but the server reports serial number {current.SerialNumber ?? "none"}. Apply it in the web portal (Configuration, License).",
                    licenseFile);
            }

            return wanted;
        }

        private static void CheckOptions(MigrationRequest request)
        {
            if (request.NoLogs && request.OnlyLogs)
            {
                throw new OctopusUpgradeException(MigrationErrorIds.OptionsInvalid, FailureCategory.InvalidArgument, "-NoLogs and -OnlyLogs cannot be used together: import without logs first, then the logs alone.", request.BackupFile);
            }

            if (request.MaxAge is < 1)
            {
                throw new OctopusUpgradeException(MigrationErrorIds.OptionsInvalid, FailureCategory.InvalidArgument, $"-MaxAge is a number of days, 1 or more (not {request.MaxAge}).", request.BackupFile);
            }
        }

        private static string Shown(UpgradeSession session, MigrationRequest request) =>
            session.Masker.Mask(MigratorCommandLine.Describe(session.InstallPath, MigratorCommandLine.Migrate(session.InstanceName, request with { BackupFile = Path.GetFullPath(request.BackupFile) }, Secret.Mask)));

        private static void WarnAboutMemory(IOperationReporter reporter, long size)
        {
            if (size > LargeBackupBytes)
            {
                reporter.Warning($"The backup is {size / (1024 * 1024)} MB: Octopus recommends at least {(size > HugeBackupBytes ? 32 : 16)} GB of memory for the migrator, and -NoLogs now with -OnlyLogs later. The import can take hours.");
            }
        }

        /// <summary>The Master Key the session's latest backup set saved, or null.</summary>
        private static Secret? SavedMasterKey(UpgradeSession session) =>
            session.Facts.Backups.LastOrDefault(b => b.Kind == BackupKind.MasterKey && File.Exists(b.Path)) is { } saved ? OwnerOnlyFile.ReadSecret(saved.Path) : null;

        /// <summary>The license the session saved: its latest, else the one beside the backup in its set.</summary>
        private static string? SavedLicense(UpgradeSession session, (string ManifestPath, BackupManifest Manifest)? set)
        {
            if (session.Facts.Backups.LastOrDefault(b => b.Kind == BackupKind.License && File.Exists(b.Path)) is { } saved)
            {
                return saved.Path;
            }

            return set is { } found && found.Manifest.Find(BackupKind.License) is { } item ? BackupSetFiles.Locate(found.ManifestPath, item) : null;
        }

        /// <summary>The backup set the file belongs to: the manifest beside it, when that manifest lists it.</summary>
        private static (string ManifestPath, BackupManifest Manifest)? BackupSetOf(IOperationReporter reporter, string file)
        {
            var manifestPath = Path.Combine(Path.GetDirectoryName(file)!, BackupManifest.FileName);
            if (!File.Exists(manifestPath))
            {
                return null;
            }

            BackupManifest manifest;
            try
            {
                manifest = BackupSetFiles.Read(manifestPath);
            }
            catch (OctopusUpgradeException e) when (e.ErrorId == BackupErrorIds.ManifestInvalid)
            {
                // A file of that name from something else must not stop the import; it only cannot be compared.
                reporter.Warning(e.Message);
                return null;
            }

            var item = manifest.Find(BackupKind.LegacyData);
            return item is not null && string.Equals(BackupSetFiles.Locate(manifestPath, item), file, StringComparison.OrdinalIgnoreCase) ? (manifestPath, manifest) : null;
        }

        private static IReadOnlyList<string> LastLines(string output)
        {
            var lines = output.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return lines.Skip(Math.Max(0, lines.Length - 10)).ToList();
        }

        private static OctopusUpgradeException InstallPathUnknown(UpgradeSession session) =>
            new(
                MigrationErrorIds.InstallPathUnknown,
                FailureCategory.InvalidOperation,
                "Octopus.Migrator.exe is installed beside Octopus.Server.exe, but the session does not know where: create the session with -InstallPath. Nothing was imported.",
                session.InstanceName);
    }
}
