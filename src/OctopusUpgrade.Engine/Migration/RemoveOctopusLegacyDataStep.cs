using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>
    /// <c>Remove-OctopusLegacyData</c>: removes the 2.6 folders the upgrade guide says may go once the data is migrated
    /// (facts §5), and only when the session's journal records both the migration (not a preview) and the copy of the
    /// built-in packages as succeeded, unless forced: those folders hold the RavenDB data, the .octobak backups and the
    /// 2.6 package files, the only copies if either step did not happen. Links are removed as links, never followed;
    /// each folder is checked gone from disk afterwards.
    /// </summary>
    public sealed class RemoveOctopusLegacyDataStep : Step<LegacyDataRequest, LegacyDataPlan, LegacyDataOutcome>
    {
        public const string StepName = "Remove-OctopusLegacyData";

        public const int ActivityId = 4302;

        /// <summary>What the guide lists as safe to delete after migrating, relative to the 2.6 home folder (facts §5).</summary>
        public static readonly IReadOnlyList<string> LegacyFolderNames = new[]
        {
            "Backup",
            Path.Combine("OctopusServer", "ActivityLogs"),
            Path.Combine("OctopusServer", "Actors"),
            Path.Combine("OctopusServer", "Repository"),
            "PackageCache",
            "RavenDB",
        };

        public override string Name => StepName;

        private protected override Task<StepPlan<LegacyDataPlan>> PlanCoreAsync(StepRunner runner, LegacyDataRequest request, CancellationToken cancellationToken)
        {
            var home = request.HomePath ?? runner.Session.HomePath;
            if (home is null || !Directory.Exists(home))
            {
                throw new OctopusUpgradeException(
                    MigrationErrorIds.LegacyHomeUnknown,
                    FailureCategory.ObjectNotFound,
                    home is null
                        ? "Which 2.6 home folder? Give it with -HomePath, or create the session with -HomePath. Nothing was removed."
                        : $"The 2.6 home folder '{home}' does not exist. Nothing was removed.",
                    home);
            }

            home = Path.GetFullPath(home);
            var unproven = Unproven(runner.Session.Journal.Records);
            if (unproven.Count > 0)
            {
                var message = $"This session's journal does not show {string.Join(" or ", unproven)} as succeeded, and the 2.6 folders under '{home}' may be the only copy of that data.";
                if (!request.Force)
                {
                    throw new OctopusUpgradeException(MigrationErrorIds.LegacyDataStillNeeded, FailureCategory.InvalidOperation, message + " Run them first, or add -Force if they were done another way. Nothing was removed.", home);
                }

                runner.Reporter.Warning(message + " Going on because of -Force.");
            }

            var folders = LegacyFolderNames
                .Select(name => (Name: name, Path: Path.Combine(home, name)))
                .Where(f => Directory.Exists(f.Path))
                .Select(f => Measure(f.Name, f.Path, cancellationToken))
                .ToList();
            var actions = folders.Select(f => new StepAction(
                f.Name,
                f.FullPath,
                f.IsLink
                    ? $"Remove the link '{f.FullPath}' (what it points to is left alone)"
                    : $"Remove the 2.6 folder '{f.FullPath}': {f.FileCount.ToString(CultureInfo.InvariantCulture)} file(s), {f.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes",
                ActionImpact.High)
            {
                Optional = true,
            }).ToList();
            if (folders.Count == 0)
            {
                runner.Reporter.Verbose($"No 2.6 folder is left under '{home}'; nothing to remove.");
            }

            return Task.FromResult(new StepPlan<LegacyDataPlan>(new LegacyDataPlan(home) { Folders = folders }, actions));
        }

        private protected override Task<LegacyDataOutcome> ExecuteCoreAsync(StepRunner runner, LegacyDataRequest request, StepPlan<LegacyDataPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var chosen = plan.Detail.Folders.Where(f => confirmed.Includes(f.Name)).ToList();
            var stage = new StepStage(Name, "Some 2.6 folders may be partly removed; what remains is listed by running Remove-OctopusLegacyData -WhatIf")
            {
                Details = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["HomePath"] = plan.Detail.HomePath,
                    ["Folders"] = string.Join(", ", chosen.Select(f => f.Name)),
                },
            };
            return runner.RunStageAsync(
                stage,
                token => Task.Run(() => Remove(runner, plan.Detail.HomePath, chosen, token), token),
                done => new StepReport
                {
                    Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["FreedBytes"] = done.FreedBytes.ToString(CultureInfo.InvariantCulture) },
                    Changes = done.Removed.Select(f => $"Removed '{f.FullPath}' ({f.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes)").ToArray(),
                },
                cancellationToken);
        }

        private LegacyDataOutcome Remove(StepRunner runner, string home, IReadOnlyList<LegacyFolder> folders, CancellationToken cancellationToken)
        {
            var removed = new List<LegacyFolder>();
            foreach (var folder in folders)
            {
                runner.Reporter.Progress(new Execution.OperationProgress(ActivityId, Name, "Removing " + folder.FullPath)
                {
                    PercentComplete = 100 * removed.Count / folders.Count,
                });
                Delete(new DirectoryInfo(folder.FullPath), cancellationToken);
                if (Directory.Exists(folder.FullPath) || File.Exists(folder.FullPath))
                {
                    throw new OctopusUpgradeException(MigrationErrorIds.LegacyDataNotRemoved, FailureCategory.WriteError, $"'{folder.FullPath}' is still on disk after it was removed. Check who holds it open.", folder.FullPath);
                }

                removed.Add(folder);
            }

            runner.Reporter.Progress(new Execution.OperationProgress(ActivityId, Name, "Done") { Completed = true });
            return new LegacyDataOutcome(home) { Removed = removed, FreedBytes = removed.Sum(f => f.SizeBytes) };
        }

        /// <summary>Which of the two steps the 2.6 data is still the source for the journal does not show as succeeded.</summary>
        private static IReadOnlyList<string> Unproven(IReadOnlyList<JournalRecord> records)
        {
            var unproven = new List<string>();
            if (!records.Any(r => r.Step == InvokeOctopusMigrationStep.StepName && r.Outcome == StepOutcome.Succeeded && r.Details.TryGetValue("Preview", out var preview) && preview == "false"))
            {
                unproven.Add("the migration (" + InvokeOctopusMigrationStep.StepName + ")");
            }

            if (!records.Any(r => r.Step == CopyNuGetPackagesStep.StepName && r.Outcome == StepOutcome.Succeeded))
            {
                unproven.Add("the package copy (" + CopyNuGetPackagesStep.StepName + ")");
            }

            return unproven;
        }

        private static LegacyFolder Measure(string name, string path, CancellationToken cancellationToken)
        {
            var root = new DirectoryInfo(path);
            if (IsLink(root))
            {
                return new LegacyFolder(name, root.FullName, 0, 0, IsLink: true);
            }

            long size = 0;
            var files = 0;
            var pending = new Stack<DirectoryInfo>(new[] { root });
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo directory && !IsLink(directory))
                    {
                        pending.Push(directory);
                    }
                    else if (entry is FileInfo file && !IsLink(file))
                    {
                        size += file.Length;
                        files++;
                    }
                }
            }

            return new LegacyFolder(name, root.FullName, size, files, IsLink: false);
        }

        /// <summary>Deletes bottom-up; a link (symbolic link or junction) is deleted itself, never what it points to.</summary>
        private static void Delete(DirectoryInfo directory, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsLink(directory))
            {
                foreach (var entry in directory.EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo child)
                    {
                        Delete(child, cancellationToken);
                    }
                    else
                    {
                        // Clearing read-only on a link would change what it points to.
                        if (!IsLink(entry) && (entry.Attributes & FileAttributes.ReadOnly) != 0)
                        {
                            entry.Attributes &= ~FileAttributes.ReadOnly;
                        }

                        entry.Delete();
                    }
                }
            }

            directory.Delete();
        }

        private static bool IsLink(FileSystemInfo entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;
    }
}
