using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// <c>Copy-NuGetPackages</c>: planning settles the folders (asking the server what the session does not know yet)
    /// and decides every file, writing nothing; executing copies, and with <see cref="CopyNuGetPackagesRequest.Reindex"/>
    /// and the restart confirmed, restarts the server and waits for its feed to report the packages.
    /// </summary>
    public sealed class CopyNuGetPackagesStep : Step<CopyNuGetPackagesRequest, PackageCopyPlan, CopyNuGetPackagesResult>
    {
        public const string StepName = "Copy-NuGetPackages";

        /// <summary>The copy itself; declining it declines the whole step.</summary>
        public const string CopyAction = "Copy";

        /// <summary>The service restart behind -Reindex: High impact, and optional (declined, the copy still runs).</summary>
        public const string RestartAction = "Restart";

        private const string CopyStoppedChange = "Stopped part-way: files finished before the stop are in place and a re-run skips them; no partial file keeps a final name";

        public override string Name => StepName;

        private protected override async Task<StepPlan<PackageCopyPlan>> PlanCoreAsync(StepRunner runner, CopyNuGetPackagesRequest request, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            string? spaceId = null;
            string? packagesDirectory = null;
            if (string.IsNullOrWhiteSpace(request.DestinationPath))
            {
                // The destination depends on the new server: its version (per-space folders from 2019.1), its space
                // and the packages folder it is configured with.
                using var client = SessionApiClients.For(session, runner.Reporter, runner.Clock);
                var root = await CheckServerAsync(client, runner, cancellationToken).ConfigureAwait(false);
                spaceId = root.HasSpaces ? (await client.Spaces.GetCurrentAsync(cancellationToken).ConfigureAwait(false))?.Id : null;
                packagesDirectory = await ReadPackagesDirectoryAsync(client, runner, cancellationToken).ConfigureAwait(false);
            }

            var copyRequest = PackageCopyDefaults.Resolve(session, request.SourcePath, request.DestinationPath, spaceId, packagesDirectory) with
            {
                VerifyMode = request.VerifyMode,
                MaxParallelism = request.MaxParallelism,
            };
            runner.Reporter.Verbose($"Copying built-in feed packages from '{copyRequest.SourcePath}' to '{copyRequest.DestinationPath}'.");
            var plan = await new PackageCopyPlanner().CreatePlanAsync(copyRequest, cancellationToken).ConfigureAwait(false);
            foreach (var skipped in plan.SkippedSourceEntries)
            {
                runner.Reporter.Warning(skipped);
            }

            var actions = new List<StepAction> { DescribeCopy(plan) };
            var warnings = new List<string>();
            if (request.Reindex)
            {
                actions.Add(new StepAction(
                    RestartAction,
                    session.Server.ToString(),
                    "Restart the Octopus Server service to re-index the built-in feed: " + PackageReindexer.DescribeRestart(session.InstallPath, session.InstanceName),
                    ActionImpact.High) { Optional = true });
                if (session.InstallPath is null)
                {
                    warnings.Add($"The session does not know the Octopus Server's install folder, so -Reindex would stop with {PackageErrorIds.ReindexInstallPathUnknown} before anything is copied. Create the session with -InstallPath.");
                }
            }

            return new StepPlan<PackageCopyPlan>(plan, actions) { WhatIfWarnings = warnings };
        }

        /// <summary>
        /// Copies what the plan says, journalled also when it fails or is stopped; then, with the restart confirmed and
        /// every file copied, restarts the server and waits for its feed to report the packages.
        /// </summary>
        private protected override async Task<CopyNuGetPackagesResult> ExecuteCoreAsync(StepRunner runner, CopyNuGetPackagesRequest request, StepPlan<PackageCopyPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            var files = plan.Detail;
            var installPath = request.Reindex && confirmed.Includes(RestartAction)
                ? session.InstallPath ?? throw InstallPathUnknown(session)
                : null;
            if (installPath is not null)
            {
                // Everything the restart needs is checked before the first byte: finding it missing after a long copy
                // costs the copy's time and leaves a feed nobody asked to index.
                OctopusToolRunner.RequireExecutable(OctopusServerCommandLine.ExecutablePath(installPath));
                using var client = SessionApiClients.For(session, runner.Reporter, runner.Clock);
                await CheckServerAsync(client, runner, cancellationToken).ConfigureAwait(false);
            }

            var copyStage = new StepStage(StepName, CopyStoppedChange) { Details = Details(("Source", files.SourcePath), ("Destination", files.DestinationPath)) };
            var copy = await runner.RunStageAsync(
                copyStage,
                token => new PackageCopier(runner.Reporter, runner.Clock).CopyAsync(files, token),
                PackageCopyReport.For,
                cancellationToken).ConfigureAwait(false);
            if (installPath is null)
            {
                return new CopyNuGetPackagesResult(copy, null);
            }

            if (copy.Failed > 0)
            {
                // Restarting a production server to index an incomplete feed would hide the gap: mend the files first.
                runner.Reporter.Error(new OctopusUpgradeException(
                    PackageErrorIds.ReindexSkipped,
                    FailureCategory.InvalidOperation,
                    $"The server was not restarted to re-index: {copy.Failed} package files failed to copy. Mend them, run Copy-NuGetPackages again (finished files are skipped) and add -Reindex then.",
                    files.DestinationPath));
                return new CopyNuGetPackagesResult(copy, null);
            }

            // Read before the restart, from the files now in place: the identities the feed must list afterwards.
            var expected = ExpectedPackages(files, runner.Reporter);
            var reindexStage = new StepStage(
                StepName + " -Reindex",
                $"The Octopus Server service '{session.InstanceName}' may have been restarted: its restart did not report success")
            {
                Details = Details(("InstallPath", installPath), ("ExpectedPackages", expected.Count.ToString(CultureInfo.InvariantCulture))),
            };
            try
            {
                var reindex = await runner.RunStageAsync(
                    reindexStage,
                    token => ReindexAsync(runner, installPath, expected, request, token),
                    result => ReindexReport(result, session.InstanceName),
                    cancellationToken).ConfigureAwait(false);
                return new CopyNuGetPackagesResult(copy, reindex) { ReindexError = reindex.Error };
            }
            catch (OctopusUpgradeException e)
            {
                // Journalled by the runner; the copy's result still goes out before the error.
                return new CopyNuGetPackagesResult(copy, null) { ReindexError = e };
            }
        }

        /// <summary>The identity of every package the copied feed holds; a file the server could not index is said so now.</summary>
        private static IReadOnlyList<OctopusPackage> ExpectedPackages(PackageCopyPlan plan, IOperationReporter reporter)
        {
            var expected = new List<OctopusPackage>();
            foreach (var file in plan.Files)
            {
                if (PackageManifest.Read(file.DestinationPath) is { } package)
                {
                    expected.Add(package);
                }
                else
                {
                    reporter.Warning($"'{file.DestinationPath}' is not a NuGet package the server can index (no readable .nuspec): the re-index does not wait for it.");
                }
            }

            return expected;
        }

        private static StepReport ReindexReport(PackageReindexResult result, string instanceName)
        {
            var details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PackagesBeforeRestart"] = result.PackagesBefore?.ToString(CultureInfo.InvariantCulture) ?? "unknown",
                ["IndexedPackages"] = result.PackageCount.ToString(CultureInfo.InvariantCulture),
                ["DurationSeconds"] = result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            };
            foreach (var package in result.Missing)
            {
                details["Missing: " + package] = "not listed by the feed";
            }

            if (result.Error is not null)
            {
                details["Error"] = result.Error.ErrorId + ": " + result.Error.Message;
            }

            return new StepReport
            {
                Details = details,
                Changes = new[]
                {
                    result.IsComplete
                        ? $"Restarted the Octopus Server service '{instanceName}'; the built-in feed lists every copied package"
                        : $"Restarted the Octopus Server service '{instanceName}'; the built-in feed did not list {result.Missing.Count} copied packages when the wait ended",
                },
                FailedItems = result.IsComplete ? 0 : Math.Max(1, result.Missing.Count),
            };
        }

        /// <summary>
        /// The server is the upgraded one and accepts the session's key: the anonymous root gives the version (a 2.x
        /// server's own feed folder is no destination), then one authenticated read proves the key before anything is
        /// copied or restarted.
        /// </summary>
        private static async Task<OctopusRootDocument> CheckServerAsync(OctopusApiClient client, StepRunner runner, CancellationToken cancellationToken)
        {
            var root = await client.GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (root.Version is not null)
            {
                runner.Learn(facts => facts with { ServerVersion = root.Version });
            }

            if (root.Version is { Major: < 3 })
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopyServerNotUpgraded,
                    FailureCategory.InvalidOperation,
                    $"The session's server {client.BaseAddress} is Octopus {root.Version}: the packages go to the upgraded server, not into the 2.x server's own feed. Create the session against the new server (New-OctopusUpgradeSession -Server), then run Copy-NuGetPackages. Nothing was copied.",
                    client.BaseAddress);
            }

            // The server status needs a key on every version and is not the feed, whose own faults the re-index reports.
            await client.Server.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            return root;
        }

        private static StepAction DescribeCopy(PackageCopyPlan plan)
        {
            var summary = string.Format(
                CultureInfo.InvariantCulture,
                "Copy {0} package files ({1:N1} MB) from '{2}'; skip {3} already identical",
                plan.FilesToCopy.Count,
                plan.BytesToCopy / 1048576.0,
                plan.SourcePath,
                plan.Files.Count - plan.FilesToCopy.Count);
            return new StepAction(CopyAction, plan.DestinationPath, summary, ActionImpact.Medium)
            {
                Details = plan.Files
                    .Select(f => new StepActionDetail(f.DestinationPath, (f.Action == PackageCopyAction.Copy ? "Copy" : "Skip") + " (" + f.Reason + ")"))
                    .ToArray(),
            };
        }

        private static async Task<PackageReindexResult> ReindexAsync(StepRunner runner, string installPath, IReadOnlyList<OctopusPackage> expected, CopyNuGetPackagesRequest request, CancellationToken cancellationToken)
        {
            var session = runner.Session;
            using var client = SessionApiClients.For(session, runner.Reporter, runner.Clock);
            var reindexer = new PackageReindexer(client, new OctopusToolRunner(runner.Reporter, session.Masker), runner.Reporter, runner.Clock);
            var reindexRequest = new PackageReindexRequest(installPath, session.InstanceName, expected) { Timeout = request.ReindexTimeout, PollInterval = request.ReindexPollInterval };
            return await reindexer.ReindexAsync(reindexRequest, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<string?> ReadPackagesDirectoryAsync(OctopusApiClient client, StepRunner runner, CancellationToken cancellationToken)
        {
            try
            {
                return (await client.Configuration.GetServerFoldersAsync(cancellationToken).ConfigureAwait(false)).PackagesDirectory;
            }
            catch (OctopusApiException e) when (e.ErrorId is OctopusApiErrorIds.Forbidden or OctopusApiErrorIds.NotFound or OctopusApiErrorIds.LinkMissing)
            {
                // Older servers have no server-folders section, and it is admin-only: the home folder layout then decides.
                runner.Reporter.Verbose($"The server's folders could not be read ({e.ErrorId}); the packages folder follows the home folder layout.");
                return null;
            }
        }

        private static OctopusUpgradeException InstallPathUnknown(UpgradeSession session) =>
            new(
                PackageErrorIds.ReindexInstallPathUnknown,
                FailureCategory.InvalidOperation,
                "-Reindex restarts the Octopus Server service with Octopus.Server.exe, but the session does not know the install folder. Create the session with -InstallPath. Nothing was copied.",
                session.ToString());

        private static IReadOnlyDictionary<string, string> Details(params (string Key, string Value)[] details) =>
            details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
    }
}
