using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// <c>Copy-NuGetPackages</c> within a session, in two calls so that PowerShell's ShouldProcess can sit between
    /// them: <see cref="PlanAsync"/> settles the folders (asking the server what the session does not know yet) and
    /// decides every file, writing nothing; <see cref="ExecuteAsync"/> copies, journals, and re-indexes if asked.
    /// </summary>
    public sealed class PackageCopyOperation
    {
        public const string ReindexInstallPathUnknownErrorId = "PackageReindexInstallPathUnknown";
        public const string ReindexSkippedErrorId = "PackageReindexSkipped";

        private const string CopyStoppedChange = "Stopped part-way: files finished before the stop are in place and a re-run skips them; no partial file keeps a final name";

        private readonly UpgradeSession _session;
        private readonly IOperationReporter _reporter;
        private readonly TimeProvider _time;

        public PackageCopyOperation(UpgradeSession session, IOperationReporter reporter, TimeProvider timeProvider)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        }

        /// <summary>Resolves the folders and decides, for every file, copy or skip. Changes nothing on disk.</summary>
        public async Task<PackageCopyPlan> PlanAsync(PackageCopyOptions options, CancellationToken cancellationToken)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            string? spaceId = null;
            string? packagesDirectory = null;
            if (string.IsNullOrWhiteSpace(options.DestinationPath))
            {
                // The destination depends on the new server: its version (per-space folders from 2019.1), its space
                // and the packages folder it is configured with.
                using var client = SessionApiClients.For(_session, _reporter, _time);
                var root = await client.GetRootAsync(cancellationToken).ConfigureAwait(false);
                if (root.Version is not null)
                {
                    _session.Learn(facts => facts with { ServerVersion = root.Version.ToString() });
                }

                spaceId = root.HasSpaces ? (await client.Spaces.GetCurrentAsync(cancellationToken).ConfigureAwait(false))?.Id : null;
                packagesDirectory = await ReadPackagesDirectoryAsync(client, cancellationToken).ConfigureAwait(false);
            }

            var request = PackageCopyDefaults.Resolve(_session, options.SourcePath, options.DestinationPath, spaceId, packagesDirectory) with
            {
                VerifyMode = options.VerifyMode,
                MaxParallelism = options.MaxParallelism,
            };
            _reporter.Verbose($"Copying built-in feed packages from '{request.SourcePath}' to '{request.DestinationPath}'.");
            return await new PackageCopyPlanner().CreatePlanAsync(request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Copies what the plan says, records the copy in the journal (also when it fails or is stopped), then with
        /// <see cref="PackageCopyOptions.Reindex"/> restarts the server and waits for its feed to report the packages.
        /// </summary>
        public async Task<PackageCopyOutcome> ExecuteAsync(PackageCopyPlan plan, PackageCopyOptions options, CancellationToken cancellationToken)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var installPath = options.Reindex ? RequireInstallPath() : null;
            var started = _time.GetUtcNow();
            PackageCopyResult copy;
            try
            {
                copy = await new PackageCopier(_reporter, _time).CopyAsync(plan, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OctopusUpgradeException or OperationCanceledException)
            {
                RecordFailure(PackageCopyJournal.StepName, started, e, CopyStoppedChange, ("Source", plan.SourcePath), ("Destination", plan.DestinationPath));
                throw;
            }

            _session.Journal.Append(PackageCopyJournal.ToRecord(copy, _time.GetUtcNow()));
            if (installPath is null)
            {
                return new PackageCopyOutcome(copy, null);
            }

            if (copy.Failed > 0)
            {
                // Restarting a production server to index an incomplete feed would hide the gap: mend the files first.
                _reporter.Error(new OctopusUpgradeException(
                    ReindexSkippedErrorId,
                    FailureCategory.InvalidOperation,
                    $"The server was not restarted to re-index: {copy.Failed} package files failed to copy. Mend them, run Copy-NuGetPackages again (finished files are skipped) and add -Reindex then.",
                    plan.DestinationPath));
                return new PackageCopyOutcome(copy, null);
            }

            return new PackageCopyOutcome(copy, await ReindexAsync(installPath, copy.PackageCount, options, cancellationToken).ConfigureAwait(false));
        }

        private async Task<PackageReindexResult> ReindexAsync(string installPath, int expectedCount, PackageCopyOptions options, CancellationToken cancellationToken)
        {
            const string step = "Copy-NuGetPackages -Reindex";
            var started = _time.GetUtcNow();
            var details = new[] { ("InstallPath", installPath), ("ExpectedPackages", expectedCount.ToString(CultureInfo.InvariantCulture)) };
            try
            {
                using var client = SessionApiClients.For(_session, _reporter, _time);
                var reindexer = new PackageReindexer(client, new OctopusToolRunner(_reporter, _session.Masker), _reporter, _time);
                var result = await reindexer.ReindexAsync(new PackageReindexRequest(installPath, _session.InstanceName, expectedCount) { Timeout = options.ReindexTimeout, PollInterval = options.ReindexPollInterval }, cancellationToken).ConfigureAwait(false);
                _session.Journal.Append(new JournalRecord
                {
                    Step = step,
                    Started = started,
                    Ended = _time.GetUtcNow(),
                    Outcome = StepOutcome.Succeeded,
                    Details = Details(details, ("IndexedPackages", result.PackageCount.ToString(CultureInfo.InvariantCulture))),
                    Changes = new[] { $"Restarted the Octopus Server service '{_session.InstanceName}' to re-index the built-in feed" },
                });
                return result;
            }
            catch (Exception e) when (e is OctopusUpgradeException or OperationCanceledException)
            {
                RecordFailure(step, started, e, $"The Octopus Server service '{_session.InstanceName}' may have been restarted; the feed had not reported every package", details);
                throw;
            }
        }

        private async Task<string?> ReadPackagesDirectoryAsync(OctopusApiClient client, CancellationToken cancellationToken)
        {
            try
            {
                return (await client.Configuration.GetServerFoldersAsync(cancellationToken).ConfigureAwait(false)).PackagesDirectory;
            }
            catch (OctopusApiException e) when (e.ErrorId is OctopusApiErrorIds.Forbidden or OctopusApiErrorIds.NotFound or OctopusApiErrorIds.LinkMissing)
            {
                // Older servers have no server-folders section, and it is admin-only: the home folder layout then decides.
                _reporter.Verbose($"The server's folders could not be read ({e.ErrorId}); the packages folder follows the home folder layout.");
                return null;
            }
        }

        private string RequireInstallPath() =>
            _session.InstallPath ?? throw new OctopusUpgradeException(
                ReindexInstallPathUnknownErrorId,
                FailureCategory.InvalidOperation,
                "-Reindex restarts the Octopus Server service with Octopus.Server.exe, but the session does not know the install folder. Create the session with -InstallPath. Nothing was copied.",
                _session.ToString());

        private void RecordFailure(string step, DateTimeOffset started, Exception error, string change, params (string Key, string Value)[] details)
        {
            var (outcome, id) = error is OperationCanceledException
                ? (StepOutcome.Cancelled, "Stopped")
                : (StepOutcome.Failed, ((OctopusUpgradeException)error).ErrorId);
            try
            {
                _session.Journal.Append(new JournalRecord
                {
                    Step = step,
                    Started = started,
                    Ended = _time.GetUtcNow(),
                    Outcome = outcome,
                    Details = Details(details, ("Error", id + ": " + error.Message)),
                    Changes = new[] { change },
                });
            }
            catch (OctopusUpgradeException journalError)
            {
                // The step's own failure is what the user must see; the journal's is reported beside it.
                _reporter.Error(journalError);
            }
        }

        private static IReadOnlyDictionary<string, string> Details((string Key, string Value)[] details, (string Key, string Value) extra)
        {
            var all = new Dictionary<string, string>(StringComparer.Ordinal) { [extra.Key] = extra.Value };
            foreach (var (key, value) in details)
            {
                all[key] = value;
            }

            return all;
        }
    }
}
