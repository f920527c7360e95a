using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Server;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Makes the server index copied package files: reads how many packages the feed lists, restarts its service
    /// (<see cref="OctopusServerCommandLine.RestartService"/>; old 3.x docs: a start re-indexes the feed, and it works on
    /// every version), then reads the feed's packages through the API until every expected id and version is listed or
    /// the timeout passes. A count is not enough: the packages already on the server can reach it without one copied
    /// package being indexed. While the service restarts the API refuses connections or answers 503; those reads count
    /// as "not yet". The timeout bounds every wait inside: the restart tool's run, each read (its per-attempt timeout and
    /// retries) and the pause between reads, so a slow API cannot stretch it.
    /// </summary>
    public sealed class PackageReindexer
    {
        private const int ActivityId = 4101;
        private const string Activity = "Re-indexing the built-in feed";

        /// <summary>How many missing packages a message names; the result lists them all.</summary>
        private const int MissingNamed = 10;

        private readonly OctopusApiClient _client;
        private readonly OctopusToolRunner _tool;
        private readonly IOperationReporter _reporter;
        private readonly TimeProvider _time;

        public PackageReindexer(OctopusApiClient client, OctopusToolRunner tool, IOperationReporter reporter, TimeProvider timeProvider)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _tool = tool ?? throw new ArgumentNullException(nameof(tool));
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        }

        /// <summary>The restart as a command line to show (-WhatIf, confirmation), built from what <see cref="ReindexAsync"/> runs.</summary>
        public static string DescribeRestart(string? installPath, string instanceName) =>
            OctopusServerCommandLine.Describe(installPath, OctopusServerCommandLine.RestartService(instanceName));

        /// <summary>
        /// Restarts the service and waits until the feed lists every <see cref="PackageReindexRequest.ExpectedPackages"/>.
        /// Once the service has been restarted, a wait that ends without them (the timeout, or an API error such as 401)
        /// is returned as an incomplete result naming the missing packages, with its error, so the caller can report what
        /// was done before it reports the failure.
        /// </summary>
        /// <exception cref="OctopusUpgradeException">The tool runner's errors: the restart itself did not happen or did not end.</exception>
        public async Task<PackageReindexResult> ReindexAsync(PackageReindexRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            using var deadline = Deadline.After(request.Timeout, _time, cancellationToken);
            var expected = request.ExpectedPackages.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.First()).ToList();
            _reporter.Progress(new OperationProgress(ActivityId, Activity, "Reading the built-in feed before the restart"));
            var before = await TryReadAsync(token => _client.Feeds.GetBuiltInPackageCountAsync(token), deadline).ConfigureAwait(false);
            if (before.Refused is not null)
            {
                // Nothing is restarted when the API already refuses: the wait after it could never succeed.
                throw before.Refused;
            }

            if (deadline.HasPassed)
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.ReindexTimedOut,
                    FailureCategory.OperationTimeout,
                    $"The built-in feed did not answer within the re-index timeout ({DurationText.Describe(request.Timeout)}) even before the restart ({before.Problem}), so the Octopus Server service was not restarted. Check that the server answers, then run Copy-NuGetPackages -Reindex again (copied files are skipped).",
                    request.InstallPath);
            }

            int? packagesBefore = before.Answered ? before.Value : null;
            _reporter.Verbose(packagesBefore is null
                ? "The built-in feed could not be read before the restart: " + before.Problem
                : $"The built-in feed lists {packagesBefore} packages before the restart.");

            _reporter.Progress(new OperationProgress(ActivityId, Activity, "Restarting the Octopus Server service"));
            await _tool.RunAsync(OctopusServerCommandLine.ExecutablePath(request.InstallPath), OctopusServerCommandLine.RestartService(request.InstanceName), cancellationToken, deadline.Remaining).ConfigureAwait(false);

            var listedCount = 0;
            var answered = false;
            string? problem = null;
            IReadOnlyList<OctopusPackage> missing = expected;
            while (true)
            {
                var read = await TryReadAsync(ListAsync, deadline).ConfigureAwait(false);
                if (read.Refused is not null)
                {
                    return Incomplete(packagesBefore, listedCount, deadline.Elapsed, missing, Refused(read.Refused, request.InstanceName));
                }

                if (read.Answered)
                {
                    answered = true;
                    listedCount = read.Value!.Count;
                    missing = expected.Where(p => !read.Value.Contains(p.Key)).ToList();
                }
                else
                {
                    problem = read.Problem;
                }

                var elapsed = deadline.Elapsed;
                if (read.Answered && missing.Count == 0)
                {
                    _reporter.Progress(new OperationProgress(ActivityId, Activity, $"{expected.Count} of {expected.Count} packages indexed") { Completed = true, PercentComplete = 100 });
                    _reporter.Information($"The built-in feed lists every one of the {expected.Count} packages after {DurationText.Describe(elapsed)} ({listedCount} packages in all).");
                    return new PackageReindexResult(packagesBefore, listedCount, elapsed);
                }

                if (deadline.HasPassed || elapsed >= request.Timeout)
                {
                    return Incomplete(packagesBefore, listedCount, elapsed, missing, TimedOut(answered, problem, listedCount, expected.Count, missing, elapsed, request.InstallPath));
                }

                _reporter.Progress(Progress(expected.Count - missing.Count, expected.Count, answered));
                await PauseAsync(request.PollInterval, deadline).ConfigureAwait(false);
            }
        }

        /// <summary>The keys of every package the feed lists.</summary>
        private async Task<HashSet<string>> ListAsync(CancellationToken cancellationToken)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var package in _client.Feeds.GetBuiltInPackagesAsync(cancellationToken).ConfigureAwait(false))
            {
                listed.Add(package.Key);
            }

            return listed;
        }

        /// <summary>
        /// One read of the feed: its answer, or why there was none ("not yet": no answer, a server error, the deadline),
        /// or an error that waiting will not mend (the API refused the key or the route).
        /// </summary>
        private async Task<(bool Answered, T? Value, string? Problem, OctopusUpgradeException? Refused)> TryReadAsync<T>(Func<CancellationToken, Task<T>> read, Deadline deadline)
        {
            try
            {
                return (true, await read(deadline.Token).ConfigureAwait(false), null, null);
            }
            catch (OperationCanceledException) when (deadline.HasPassed)
            {
                _reporter.Verbose("The server had not answered when the re-index timeout passed.");
                return (false, default, "the server had not answered when the timeout passed", null);
            }
            catch (OctopusApiException e) when (e.ErrorId is OctopusApiErrorIds.Unreachable or OctopusApiErrorIds.ServerError)
            {
                _reporter.Verbose("The server is not answering yet: " + e.Message);
                return (false, default, e.Message, null);
            }
            catch (OctopusUpgradeException e)
            {
                return (false, default, e.Message, e);
            }
        }

        private PackageReindexResult Incomplete(int? before, int listed, TimeSpan elapsed, IReadOnlyList<OctopusPackage> missing, OctopusUpgradeException error)
        {
            _reporter.Progress(new OperationProgress(ActivityId, Activity, "Stopped waiting") { Completed = true });
            return new PackageReindexResult(before, listed, elapsed) { Missing = missing, Error = error };
        }

        private static OctopusUpgradeException Refused(OctopusUpgradeException error, string instanceName) =>
            new(
                error.ErrorId,
                error.Category,
                $"The Octopus Server service '{instanceName}' was restarted, but its feed could not be read to check the re-index: {error.Message}",
                error.Target,
                error);

        private static OctopusUpgradeException TimedOut(bool answered, string? problem, int listed, int expected, IReadOnlyList<OctopusPackage> missing, TimeSpan elapsed, string installPath)
        {
            var named = string.Join(", ", missing.Take(MissingNamed)) + (missing.Count > MissingNamed ? $" and {missing.Count - MissingNamed} more" : string.Empty);
            var message = answered
                ? $"After {DurationText.Describe(elapsed)} the built-in feed lists {listed} packages, but {missing.Count} of the {expected} copied are not among them: {named}. Indexing may still be running: check Library > Packages, or re-index from there, before deleting the old feed."
                : $"The Octopus Server service was restarted, but its feed did not answer in {DurationText.Describe(elapsed)} ({problem ?? "no answer"}), so none of the {expected} copied packages could be checked: {named}. Check that the service is running and its web portal answers, then look at Library > Packages.";
            return new OctopusUpgradeException(PackageErrorIds.ReindexTimedOut, FailureCategory.OperationTimeout, message, installPath);
        }

        private static OperationProgress Progress(int found, int expected, bool answered) =>
            new(ActivityId, Activity, answered ? $"{found}/{expected} packages indexed" : "Waiting for the server to start")
            {
                PercentComplete = answered && expected > 0 ? Math.Min(99, 100 * found / expected) : -1,
            };

        /// <summary>The pause between polls, cut short by the deadline (the next check then reports the timeout).</summary>
        private async Task PauseAsync(TimeSpan delay, Deadline deadline)
        {
            try
            {
#if NET
                await Task.Delay(delay, _time, deadline.Token).ConfigureAwait(false);
#else
                await _time.Delay(delay, deadline.Token).ConfigureAwait(false);
#endif
            }
            catch (OperationCanceledException) when (deadline.HasPassed)
            {
            }
        }
    }
}
