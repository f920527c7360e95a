using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Server;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Makes the server index copied package files: restarts its service (<see cref="OctopusServerCommandLine.RestartService"/>;
    /// old 3.x docs: a start re-indexes the feed, and it works on every version), then polls the feed's package count
    /// through the API until it reaches the expected count or the timeout passes. While the service restarts the API
    /// refuses connections or answers 503; those polls count as "not yet". The timeout bounds every wait inside: the
    /// restart tool's run, each poll (its per-attempt timeout and retries) and the pause between polls, so a slow API
    /// cannot stretch it.
    /// </summary>
    public sealed class PackageReindexer
    {
        private const int ActivityId = 4101;
        private const string Activity = "Re-indexing the built-in feed";

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
        /// Waits for at least <see cref="PackageReindexRequest.ExpectedPackageCount"/> packages: the new feed may
        /// already have held packages of its own besides those copied.
        /// </summary>
        /// <exception cref="OctopusUpgradeException"><c>PackageReindexTimedOut</c>, or the tool runner's errors.</exception>
        public async Task<PackageReindexResult> ReindexAsync(PackageReindexRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            using var deadline = Deadline.After(request.Timeout, _time, cancellationToken);
            _reporter.Progress(new OperationProgress(ActivityId, Activity, "Restarting the Octopus Server service"));
            await _tool.RunAsync(OctopusServerCommandLine.ExecutablePath(request.InstallPath), OctopusServerCommandLine.RestartService(request.InstanceName), cancellationToken, deadline.Remaining).ConfigureAwait(false);

            int? firstCount = null;
            int? lastCount = null;
            while (true)
            {
                var count = await TryCountAsync(deadline).ConfigureAwait(false);
                lastCount = count ?? lastCount;
                var elapsed = deadline.Elapsed;
                if (count >= request.ExpectedPackageCount)
                {
                    _reporter.Progress(new OperationProgress(ActivityId, Activity, $"{count} packages indexed") { Completed = true, PercentComplete = 100 });
                    _reporter.Information($"The built-in feed reports {count} packages after {elapsed.TotalSeconds:F0} s.");
                    return new PackageReindexResult(count.Value, elapsed);
                }

                if (deadline.HasPassed || elapsed >= request.Timeout)
                {
                    throw new OctopusUpgradeException(
                        PackageErrorIds.ReindexTimedOut,
                        FailureCategory.OperationTimeout,
                        $"The built-in feed reported {(lastCount?.ToString(CultureInfo.InvariantCulture) ?? "no count")} of {request.ExpectedPackageCount} packages after {elapsed.TotalMinutes:F0} minutes. Indexing may still be running: check Library > Packages, or re-index from there, before deleting the old feed.",
                        request.InstallPath);
                }

                firstCount ??= count;
                _reporter.Progress(Progress(count, firstCount, request.ExpectedPackageCount, elapsed));
                await PauseAsync(request.PollInterval, deadline).ConfigureAwait(false);
            }
        }

        private async Task<int?> TryCountAsync(Deadline deadline)
        {
            try
            {
                return await _client.Feeds.GetBuiltInPackageCountAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.HasPassed)
            {
                _reporter.Verbose("The server had not answered when the re-index timeout passed.");
                return null;
            }
            catch (OctopusApiException e) when (e.ErrorId is OctopusApiErrorIds.Unreachable or OctopusApiErrorIds.ServerError)
            {
                _reporter.Verbose("The server is not answering yet: " + e.Message);
                return null;
            }
        }

        /// <summary>Time left from the rate the count has grown since it was first read.</summary>
        private static OperationProgress Progress(int? count, int? firstCount, int expected, TimeSpan elapsed)
        {
            var progress = new OperationProgress(ActivityId, Activity, count is null ? "Waiting for the server to start" : $"{count}/{expected} packages indexed");
            if (count is null || expected <= 0)
            {
                return progress;
            }

            var perSecond = elapsed.TotalSeconds > 0 ? (count.Value - (firstCount ?? 0)) / elapsed.TotalSeconds : 0;
            return progress with
            {
                PercentComplete = Math.Min(99, 100 * count.Value / expected),
                SecondsRemaining = perSecond > 0 ? (int)Math.Ceiling((expected - count.Value) / perSecond) : -1,
            };
        }

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
