using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;
using ManualClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>
    /// The whole 2.6 → 3.x feed move against the sandbox: copy real packages from a 2.6 feed folder to where the
    /// engine believes the new server keeps them, restart the service through the stand-in Octopus.Server.exe, and
    /// wait until the server's API reports them all.
    /// </summary>
    public sealed class PackageReindexerTests : IDisposable
    {
        private const int Packages = 12;
        private readonly TestFeed _feed = new();
        private readonly RecordingReporter _reporter = new();

        public void Dispose() => _feed.Dispose();

        [Theory]
        [InlineData("3.12.1", true)]
        [InlineData("2019.7.12", true)]
        [InlineData("2019.7.12", false)]
        public async Task Copied_packages_are_reported_by_the_feed_after_a_reindex(string version, bool callerIsInteractive)
        {
            await using var sandbox = await Start(version, reindexOnStart: true, callerIsInteractive);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));
            var before = await client.Feeds.GetBuiltInPackageCountAsync();
            var copied = await CopyLegacyFeedTo(sandbox, client);

            var result = await Reindexer(client).ReindexAsync(Request(sandbox, copied));

            Assert.True(result.IsComplete);
            Assert.Equal((before, before + Packages), (result.PackagesBefore, result.PackageCount));
            Assert.Equal(result.PackageCount, await client.Feeds.GetBuiltInPackageCountAsync());
            // How many polls see the index part-way depends on the machine; the closing report does not.
            var last = _reporter.Progresses.Last();
            Assert.Equal((true, $"{Packages} of {Packages} packages indexed"), (last.Completed, last.Status));
        }

        [Fact]
        public async Task Packages_copied_in_the_26_layout_of_id_folders_are_found_after_the_restart()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));

            var copied = await CopyLegacyFeedTo(sandbox, client, inIdFolders: true);
            var result = await Reindexer(client).ReindexAsync(Request(sandbox, copied));

            Assert.True(result.IsComplete);
            Assert.Empty(result.Missing);
        }

        [Fact]
        public async Task A_count_met_by_the_packages_already_on_the_server_is_not_taken_for_the_reindex()
        {
            // The finding: 3 packages on the server, 2 copied and never indexed; "count >= 2" passed at once.
            await using var sandbox = await Start("3.12.1", reindexOnStart: false);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));
            var before = await client.Feeds.GetBuiltInPackageCountAsync();
            var copied = await CopyLegacyFeedTo(sandbox, client, count: 2);
            var clock = new ManualClock();
            var polled = ListingAnswered();
            // The service starts at once: a poll that met the start-up 503 would retry on a clock this test holds still.
            sandbox.Estate.Durations.ServiceStartSeconds = 0;
            using var clocked = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { TimeProvider = clock, Reporter = _reporter });

            var reindex = Reindexer(clocked, clock).ReindexAsync(Request(sandbox, copied) with { Timeout = TimeSpan.FromSeconds(30) });
            await polled.Task;
            clock.Advance(TimeSpan.FromSeconds(30));
            var result = await reindex;

            Assert.True(before >= copied.Length, "the sandbox must hold at least as many packages as are copied, or the naive check fails anyway");
            Assert.False(result.IsComplete);
            Assert.Equal(copied.Select(p => p.ToString()).OrderBy(p => p), result.Missing.Select(p => p.ToString()).OrderBy(p => p));
            Assert.Equal((PackageErrorIds.ReindexTimedOut, FailureCategory.OperationTimeout), (result.Error!.ErrorId, result.Error.Category));
            Assert.All(copied, p => Assert.Contains(p.ToString(), result.Error.Message, StringComparison.Ordinal));
            Assert.StartsWith("After 30 s the built-in feed lists 3 packages", result.Error.Message, StringComparison.Ordinal);
            Assert.Equal(before, result.PackagesBefore);
        }

        [Fact]
        public async Task Every_copied_package_listed_among_others_ends_the_wait_at_the_first_listing()
        {
            // The feed lists more packages than were copied: a wait for exactly the copied count would never end.
            await using var sandbox = await Start("3.12.1", reindexOnStart: false);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));
            var listed = new List<OctopusPackage>();
            await foreach (var package in client.Feeds.GetBuiltInPackagesAsync())
            {
                listed.Add(package);
            }

            var expected = listed.Skip(1).ToArray();
            var clock = new ManualClock();
            var firstListing = new TaskCompletionSource<OperationProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporter.OnProgress = progress =>
            {
                if (progress.Status.EndsWith("packages indexed", StringComparison.Ordinal))
                {
                    firstListing.TrySetResult(progress);
                }
            };
            sandbox.Estate.Durations.ServiceStartSeconds = 0;
            using var clocked = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { TimeProvider = clock, Reporter = _reporter });

            var reindex = Reindexer(clocked, clock).ReindexAsync(Request(sandbox, expected));
            var first = await firstListing.Task;

            Assert.True(listed.Count > expected.Length && expected.Length > 0, "the feed must list packages beyond the expected ones");
            Assert.Equal(($"{expected.Length} of {expected.Length} packages indexed", true), (first.Status, first.Completed));
            var result = await reindex;
            Assert.True(result.IsComplete);
            Assert.Equal(listed.Count, result.PackageCount);
        }

        [Fact]
        public async Task A_feed_answering_503_while_the_service_restarts_is_waited_for_until_it_lists_the_packages()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));
            var copied = await CopyLegacyFeedTo(sandbox, client, count: 2);
            _reporter.OnVerbose = line => { if (line.StartsWith("Running", StringComparison.Ordinal)) { sandbox.Faults.FailNext("/api/packages", 503, 2); } };
            // A clock held still: no retries and no pause between reads, so nothing waits on it, and the deadline
            // never passes; the two reads that meet the 503 are "not yet", the third lists the packages.
            var clock = new ManualClock();
            using var clocked = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { TimeProvider = clock, Reporter = _reporter, RetryCount = 0 });

            var result = await Reindexer(clocked, clock).ReindexAsync(Request(sandbox, copied) with { PollInterval = TimeSpan.Zero });

            Assert.True(result.IsComplete, result.Error?.Message);
            Assert.Empty(result.Missing);
            Assert.Contains(_reporter.Progresses, p => p.Status == "Waiting for the server to start");
            Assert.Contains(_reporter.Verboses, line => line.StartsWith("The server is not answering yet", StringComparison.Ordinal) && line.Contains("503", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_feed_that_never_reaches_the_count_times_out_with_what_it_reported()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: false);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));
            var copied = await CopyLegacyFeedTo(sandbox, client);
            var clock = new ManualClock();
            var polled = ListingAnswered();
            // The service starts at once: a poll that met the start-up 503 would retry on a clock this test holds still.
            sandbox.Estate.Durations.ServiceStartSeconds = 0;
            using var clocked = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { TimeProvider = clock, Reporter = _reporter });

            var reindex = Reindexer(clocked, clock).ReindexAsync(Request(sandbox, copied) with { Timeout = TimeSpan.FromSeconds(1) });
            await polled.Task;
            clock.Advance(TimeSpan.FromSeconds(1));
            var error = (await reindex).Error!;

            Assert.Equal((PackageErrorIds.ReindexTimedOut, FailureCategory.OperationTimeout), (error.ErrorId, error.Category));
            Assert.Contains($"{Packages} of the {Packages} copied are not among them", error.Message, StringComparison.Ordinal);
            Assert.Contains("and 2 more", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_api_that_refuses_the_key_after_the_restart_says_the_restart_was_done()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));
            var copied = await CopyLegacyFeedTo(sandbox, client, count: 2);
            _reporter.OnVerbose = line => { if (line.StartsWith("Running", StringComparison.Ordinal)) { sandbox.Faults.FailNext("/api/packages", 401, 1000); } };

            var result = await Reindexer(client).ReindexAsync(Request(sandbox, copied));

            Assert.False(result.IsComplete);
            Assert.Equal(OctopusApiErrorIds.Unauthorized, result.Error!.ErrorId);
            Assert.Contains("was restarted, but its feed could not be read", result.Error.Message, StringComparison.Ordinal);
            Assert.Equal(2, result.Missing.Count);
        }

        [Fact]
        public async Task A_feed_answering_http_500_to_every_read_is_said_to_have_failed_not_to_be_indexing()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            sandbox.Faults.FailNext("/api/packages", 500, 100_000);
            var clock = new ManualClock();
            var polled = PackagesPolled();
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { TimeProvider = clock, Reporter = _reporter });

            var reindex = Reindexer(client, clock).ReindexAsync(Request(sandbox, new[] { new OctopusPackage("Acme.Web", "9.9.9") }) with { Timeout = TimeSpan.FromSeconds(45) });
            await polled.Task;
            clock.Advance(TimeSpan.FromSeconds(45));
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => reindex.WaitAsync(TimeSpan.FromMinutes(1)));

            Assert.Equal(PackageErrorIds.ReindexTimedOut, error.ErrorId);
            Assert.Contains("(45 s)", error.Message, StringComparison.Ordinal);
            Assert.Contains("was not restarted", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Indexing may still be running", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("0 minutes", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, sandbox.Estate.Service.Starts);
        }

        [Fact]
        public async Task A_slow_api_cannot_stretch_the_reindex_timeout_by_its_request_timeout_and_retries()
        {
            // As -ReindexTimeout 10 against --latency /api/packages:120000: each poll would otherwise take its 100 s
            // request timeout, three times more with back-off between, before the reindex timeout was even looked at.
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            sandbox.Faults.AddLatency("/api/packages", TimeSpan.FromMilliseconds(120_000));
            var clock = new ManualClock();
            var polled = PackagesPolled();
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { TimeProvider = clock, Reporter = _reporter });
            var started = clock.GetTimestamp();

            var reindex = Reindexer(client, clock).ReindexAsync(Request(sandbox, new[] { new OctopusPackage("Acme.Web", "9.9.9") }) with { Timeout = TimeSpan.FromSeconds(10) });
            await polled.Task;
            clock.Advance(TimeSpan.FromSeconds(10));
            // Without the deadline the poll would still be waiting here (for a 100 s timeout that never comes).
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => reindex.WaitAsync(TimeSpan.FromMinutes(1)));

            Assert.Equal((PackageErrorIds.ReindexTimedOut, FailureCategory.OperationTimeout), (error.ErrorId, error.Category));
            Assert.Equal(TimeSpan.FromSeconds(10), clock.GetElapsedTime(started));
            Assert.DoesNotContain(_reporter.Verboses, line => line.StartsWith("Retrying", StringComparison.Ordinal));
        }

        [Fact]
        public async Task The_restart_is_bounded_by_the_reindex_timeout_too()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            var hung = Path.Combine(_feed.Source, "hung");
            Directory.CreateDirectory(hung);
            var tool = OctopusServerCommandLine.ExecutablePath(hung);
            File.WriteAllText(tool, "#!/bin/sh\nsleep 600\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var clock = new ManualClock();
            var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporter.OnVerbose = line => { if (line.StartsWith("Running", StringComparison.Ordinal)) { started.TrySetResult(true); } };
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));

            var reindex = Reindexer(client, clock).ReindexAsync(new PackageReindexRequest(hung, sandbox.Estate.InstanceName, new[] { new OctopusPackage("Acme.Web", "9.9.9") }) { Timeout = TimeSpan.FromSeconds(30) });
            await started.Task;
            clock.Advance(TimeSpan.FromSeconds(30));
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => reindex.WaitAsync(TimeSpan.FromMinutes(1)));

            Assert.Equal((OctopusToolErrorIds.TimedOut, FailureCategory.OperationTimeout), (error.ErrorId, error.Category));
            Assert.Contains("within 30 s", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void The_restart_shown_to_the_user_is_the_command_that_runs()
        {
            var installPath = Path.Combine(Path.GetTempPath(), "Octopus");

            Assert.Equal(Path.Combine(installPath, "Octopus.Server.exe") + " service --console --restart --instance \"My Instance\"", PackageReindexer.DescribeRestart(installPath, "My Instance"));
        }

        [Fact]
        public async Task A_wrong_instance_name_fails_the_restart()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => Reindexer(client).ReindexAsync(new PackageReindexRequest(sandbox.InstallPath, "NoSuchInstance", new[] { new OctopusPackage("Acme.Web", "9.9.9") })));

            Assert.Equal(OctopusToolErrorIds.Failed, error.ErrorId);
            Assert.Contains("NoSuchInstance", error.Message, StringComparison.Ordinal);
        }

        private static async Task<SandboxServer> Start(string version, bool reindexOnStart, bool callerIsInteractive = true)
        {
            var estate = EstateDescription.ForVersion(version);
            estate.TimeScale = 500;
            estate.Assumptions.StartReindexesFeed = reindexOnStart;
            estate.CallerIsInteractive = callerIsInteractive;
            return await SandboxServer.StartAsync(estate);
        }

        /// <summary>
        /// Real .nupkg files in a 2.6 feed folder (flat, or each in its <c>&lt;Id&gt;</c> folder), copied to the destination
        /// the engine derives for the server; returns the packages copied.
        /// </summary>
        private async Task<OctopusPackage[]> CopyLegacyFeedTo(SandboxServer sandbox, OctopusApiClient client, int count = Packages, bool inIdFolders = false)
        {
            var copied = Enumerable.Range(0, count).Select(i => new OctopusPackage($"Legacy.Web{i % 3}", $"1.0.{i}")).ToArray();
            foreach (var package in copied)
            {
                NupkgWriter.Write(inIdFolders ? Path.Combine(_feed.Source, package.PackageId) : _feed.Source, package.PackageId, package.Version);
            }

            var root = await client.GetRootAsync();
            var space = await client.Spaces.GetCurrentAsync();
            var destination = PackageFeedLocations.ModernDestination(sandbox.HomePath, root.Version!, space?.Id);
            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, destination));
            var copy = await new PackageCopier(_reporter, TimeProvider.System).CopyAsync(plan);
            Assert.Equal(count, copy.Copied);
            return copied;
        }

        private PackageReindexer Reindexer(OctopusApiClient client) =>
            new(client, new OctopusToolRunner(_reporter), _reporter, TimeProvider.System);

        /// <summary>The tool runner and the reindexer on one clock the test moves by hand.</summary>
        private PackageReindexer Reindexer(OctopusApiClient client, TimeProvider clock) =>
            new(client, new OctopusToolRunner(_reporter, timeProvider: clock), _reporter, clock);

        /// <summary>Completes when a listing of the packages after the restart has been answered and counted.</summary>
        private TaskCompletionSource<bool> ListingAnswered()
        {
            var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporter.OnProgress = progress =>
            {
                if (progress.Status.EndsWith("packages indexed", StringComparison.Ordinal))
                {
                    answered.TrySetResult(true);
                }
            };
            return answered;
        }

        /// <summary>Completes when the first request to the packages route has been sent.</summary>
        private TaskCompletionSource<bool> PackagesPolled()
        {
            var polled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporter.OnVerbose = line =>
            {
                if (line.StartsWith("GET", StringComparison.Ordinal) && line.Contains("/api/packages", StringComparison.Ordinal))
                {
                    polled.TrySetResult(true);
                }
            };
            return polled;
        }

        private static PackageReindexRequest Request(SandboxServer sandbox, OctopusPackage[] expected) =>
            new(sandbox.InstallPath, sandbox.Estate.InstanceName, expected) { PollInterval = TimeSpan.FromMilliseconds(50) };
    }
}
