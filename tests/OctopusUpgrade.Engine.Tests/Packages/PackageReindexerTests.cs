using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
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
            var copy = await CopyLegacyFeedTo(sandbox, client);

            var result = await Reindexer(client).ReindexAsync(Request(sandbox, before + copy.PackageCount));

            Assert.Equal(before + Packages, result.PackageCount);
            Assert.Equal(result.PackageCount, await client.Feeds.GetBuiltInPackageCountAsync());
            // How many polls see the index part-way depends on the machine; the closing report does not.
            var last = _reporter.Progresses.Last();
            Assert.Equal((true, $"{before + Packages} packages indexed"), (last.Completed, last.Status));
        }

        [Fact]
        public async Task A_feed_that_never_reaches_the_count_times_out_with_what_it_reported()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: false);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));
            var copy = await CopyLegacyFeedTo(sandbox, client);
            var clock = new ManualClock();
            var polled = PackagesPolled();
            using var clocked = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { TimeProvider = clock, Reporter = _reporter });

            var reindex = Reindexer(clocked, clock).ReindexAsync(Request(sandbox, copy.PackageCount) with { Timeout = TimeSpan.FromSeconds(1) });
            await polled.Task;
            clock.Advance(TimeSpan.FromSeconds(1));
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => reindex);

            Assert.Equal((PackageErrorIds.ReindexTimedOut, FailureCategory.OperationTimeout), (error.ErrorId, error.Category));
            Assert.Contains($"of {Packages} packages", error.Message, StringComparison.Ordinal);
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

            var reindex = Reindexer(client, clock).ReindexAsync(Request(sandbox, 1) with { Timeout = TimeSpan.FromSeconds(10) });
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

            var reindex = Reindexer(client, clock).ReindexAsync(new PackageReindexRequest(hung, sandbox.Estate.InstanceName, 1) { Timeout = TimeSpan.FromSeconds(30) });
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
            Assert.StartsWith("\"<install folder>", PackageReindexer.DescribeRestart(null, "OctopusServer"), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_wrong_instance_name_fails_the_restart()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: true);
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => Reindexer(client).ReindexAsync(new PackageReindexRequest(sandbox.InstallPath, "NoSuchInstance", 1)));

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

        /// <summary>Real .nupkg files in a 2.6 feed folder, copied to the destination the engine derives for the server.</summary>
        private async Task<PackageCopyResult> CopyLegacyFeedTo(SandboxServer sandbox, OctopusApiClient client)
        {
            for (var i = 0; i < Packages; i++)
            {
                NupkgWriter.Write(_feed.Source, $"Acme.Web{i % 3}", $"1.0.{i}");
            }

            var root = await client.GetRootAsync();
            var space = await client.Spaces.GetCurrentAsync();
            var destination = PackageFeedLocations.ModernDestination(sandbox.HomePath, root.Version!, space?.Id);
            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, destination));
            return await new PackageCopier(_reporter, TimeProvider.System).CopyAsync(plan);
        }

        private PackageReindexer Reindexer(OctopusApiClient client) =>
            new(client, new OctopusToolRunner(_reporter), _reporter, TimeProvider.System);

        /// <summary>The tool runner and the reindexer on one clock the test moves by hand.</summary>
        private PackageReindexer Reindexer(OctopusApiClient client, TimeProvider clock) =>
            new(client, new OctopusToolRunner(_reporter, timeProvider: clock), _reporter, clock);

        /// <summary>Completes when the first package-count request has been sent (so the restart is done).</summary>
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

        private static PackageReindexRequest Request(SandboxServer sandbox, int expected) =>
            new(sandbox.InstallPath, sandbox.Estate.InstanceName, expected) { PollInterval = TimeSpan.FromMilliseconds(50) };
    }
}
