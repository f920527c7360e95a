using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;
using OctopusUpgrade.Sandbox;
using ManualClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>
    /// Copy-NuGetPackages as the cmdlet runs it, within a session against the sandbox: folders from the session and
    /// the server, the copy, the journal, and the re-index through the stand-in Octopus.Server.exe.
    /// </summary>
    public sealed class CopyNuGetPackagesStepTests : IDisposable
    {
        private const int Packages = 9;
        private readonly TempFolder _journals = new();
        private readonly RecordingReporter _reporter = new();

        public void Dispose() => _journals.Dispose();

        [Theory]
        [InlineData("3.12.1", true)]
        [InlineData("2019.7.12", true)]
        [InlineData("2019.7.12", false)]
        public async Task A_session_copies_the_legacy_feed_to_the_new_servers_folder_and_waits_for_the_reindex(string version, bool callerIsInteractive)
        {
            await using var sandbox = await Start(version, callerIsInteractive);
            var session = SessionFor(sandbox);
            WriteLegacyFeed(sandbox);
            var runner = new StepRunner(session, _reporter);
            var options = new CopyNuGetPackagesRequest { Reindex = true, ReindexPollInterval = TimeSpan.FromMilliseconds(50), ReindexTimeout = TimeSpan.FromMinutes(1) };

            var plan = await runner.PlanAsync(Step, options, CancellationToken.None);
            var outcome = await ExecuteAllAsync(runner, plan, options, CancellationToken.None);

            Assert.Equal(OctopusVersion.Parse(version), session.Facts.ServerVersion);
            Assert.Equal(PackageFeedLocations.LegacySource(sandbox.HomePath), plan.Detail.SourcePath);
            var spaceId = OctopusVersion.Parse(version) >= OctopusVersion.Parse("2019.1.0") ? sandbox.Estate.DefaultSpaceId : null;
            Assert.Equal(PackageFeedLocations.ModernDestination(sandbox.HomePath, OctopusVersion.Parse(version), spaceId), plan.Detail.DestinationPath);
            Assert.Equal((Packages, 0), (outcome.Copy.Copied, outcome.Copy.Failed));
            Assert.True(outcome.Reindex!.PackageCount >= outcome.Copy.PackageCount);
            Assert.Equal(1, sandbox.Estate.Service.Starts);

            var journal = UpgradeJournal.Load(session.Journal.Path);
            Assert.Equal(
                new[] { ("Copy-NuGetPackages", StepOutcome.Succeeded), ("Copy-NuGetPackages -Reindex", StepOutcome.Succeeded) },
                journal.Records.Select(r => (r.Step, r.Outcome)));
            Assert.DoesNotContain(sandbox.ApiKey, File.ReadAllText(session.Journal.Path), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_reindex_that_ends_without_the_copied_packages_returns_the_copy_and_names_the_missing_ones()
        {
            await using var sandbox = await Start("3.12.1", reindexOnStart: false);
            var clock = new ManualClock(DateTimeOffset.UtcNow);
            var session = SessionFor(sandbox, clock: clock);
            WriteLegacyFeed(sandbox);
            // The service starts at once: a poll that met the start-up 503 would retry on a clock this test holds still.
            sandbox.Estate.Durations.ServiceStartSeconds = 0;
            var runner = new StepRunner(session, _reporter);
            var options = new CopyNuGetPackagesRequest { Reindex = true, ReindexTimeout = TimeSpan.FromSeconds(30) };
            var plan = await runner.PlanAsync(Step, options, CancellationToken.None);
            var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporter.OnProgress = progress => { if (progress.Status.EndsWith("packages indexed", StringComparison.Ordinal)) { answered.TrySetResult(true); } };

            var running = ExecuteAllAsync(runner, plan, options, CancellationToken.None);
            await answered.Task;
            clock.Advance(TimeSpan.FromSeconds(30));
            var outcome = await running;

            Assert.Equal((Packages, 0), (outcome.Copy.Copied, outcome.Copy.Failed));
            Assert.False(outcome.Reindexed);
            Assert.Equal(Packages, outcome.Reindex!.Missing.Count);
            Assert.Equal(PackageErrorIds.ReindexTimedOut, outcome.ReindexError!.ErrorId);
            var records = UpgradeJournal.Load(session.Journal.Path).Records;
            Assert.Equal(
                new[] { ("Copy-NuGetPackages", StepOutcome.Succeeded), ("Copy-NuGetPackages -Reindex", StepOutcome.Failed) },
                records.Select(r => (r.Step, r.Outcome)));
            Assert.Contains("Missing: Legacy.App0 2.6.0", records[1].Details.Keys);
            Assert.Contains("did not list 9 copied packages", Assert.Single(records[1].Changes), StringComparison.Ordinal);
            Assert.DoesNotContain(records[1].Changes, c => c.Contains("may have been", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Reindex_with_no_octopus_server_exe_in_the_install_folder_fails_before_the_first_byte()
        {
            await using var sandbox = await Start("3.12.1");
            using var notInstalled = new TempFolder();
            var session = SessionFor(sandbox, installFolder: notInstalled.Path);
            WriteLegacyFeed(sandbox);
            var runner = new StepRunner(session, _reporter);
            var options = new CopyNuGetPackagesRequest { Reindex = true };
            var plan = await runner.PlanAsync(Step, options, CancellationToken.None);
            var before = TestFeed.Snapshot(plan.Detail.DestinationPath);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => ExecuteAllAsync(runner, plan, options, CancellationToken.None));

            Assert.Equal("OctopusToolNotFound", error.ErrorId);
            Assert.Equal(before, TestFeed.Snapshot(plan.Detail.DestinationPath));
            Assert.Empty(UpgradeJournal.Load(session.Journal.Path).Records);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_wrong_api_key_is_found_before_anything_is_copied_or_restarted(bool reindex)
        {
            await using var sandbox = await Start("3.12.1");
            var session = SessionFor(sandbox, apiKey: "API-WRONGWRONGWRONGWRONG00001");
            WriteLegacyFeed(sandbox);
            using var destination = new TempFolder();
            var options = new CopyNuGetPackagesRequest { Reindex = reindex, DestinationPath = reindex ? destination.Path : null };
            var runner = new StepRunner(session, _reporter);

            var error = await Assert.ThrowsAsync<OctopusApiException>(async () => await ExecuteAllAsync(runner, await runner.PlanAsync(Step, options, CancellationToken.None), options, CancellationToken.None));

            Assert.Equal("OctopusApiUnauthorized", error.ErrorId);
            Assert.Empty(Directory.EnumerateFileSystemEntries(destination.Path));
            Assert.Equal(0, sandbox.Estate.Service.Starts);
        }

        [Fact]
        public async Task A_session_whose_server_is_still_26_is_refused_as_the_destination()
        {
            await using var sandbox = await Start(EstatePresets.Legacy26);
            var session = SessionFor(sandbox);
            WriteLegacyFeed(sandbox);
            var runner = new StepRunner(session, _reporter);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => runner.PlanAsync(Step, new CopyNuGetPackagesRequest(), CancellationToken.None));

            Assert.Equal(PackageErrorIds.CopyServerNotUpgraded, error.ErrorId);
            Assert.Contains("2.6.5", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task The_plan_names_the_destination_and_makes_the_restart_a_separate_high_impact_action()
        {
            using var feed = new TestFeed();
            feed.AddPackages(3, 100);
            var session = OfflineSession(installPath: feed.Root);

            var plan = await new StepRunner(session, _reporter).PlanAsync(Step, Given(feed) with { Reindex = true }, CancellationToken.None);

            var copy = plan.Actions[0];
            Assert.Equal((CopyNuGetPackagesStep.CopyAction, feed.Destination, ActionImpact.Medium, false), (copy.Key, copy.Target, copy.Impact, copy.Optional));
            Assert.Equal(plan.Detail.Files.Select(f => f.DestinationPath), copy.Details.Select(d => d.Target));
            var restart = plan.Actions[1];
            Assert.Equal((CopyNuGetPackagesStep.RestartAction, ActionImpact.High, true), (restart.Key, restart.Impact, restart.Optional));
            Assert.EndsWith(PackageReindexer.DescribeRestart(feed.Root, session.InstanceName), restart.Description, StringComparison.Ordinal);
            Assert.Empty(plan.WhatIfWarnings);
            Assert.Empty(UpgradeJournal.Load(session.Journal.Path).Records);
        }

        [Fact]
        public async Task Without_an_install_folder_the_plan_warns_that_the_restart_would_be_refused()
        {
            using var feed = new TestFeed();
            feed.AddPackages(1, 100);
            var session = OfflineSession(installPath: null);

            var plan = await new StepRunner(session, _reporter).PlanAsync(Step, Given(feed) with { Reindex = true }, CancellationToken.None);

            Assert.Contains(PackageErrorIds.ReindexInstallPathUnknown, Assert.Single(plan.WhatIfWarnings), StringComparison.Ordinal);
            var restart = plan.Actions[1].Description;
            Assert.DoesNotContain(OctopusServerCommandLine.Executable, restart, StringComparison.Ordinal);
            Assert.Contains("does not know the Octopus Server's install folder", restart, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_declined_restart_copies_without_restarting()
        {
            // The install folder holds no Octopus.Server.exe: a restart attempted would fail with OctopusToolNotFound.
            using var feed = new TestFeed();
            feed.AddPackages(3, 100);
            var session = OfflineSession(installPath: feed.Root);
            var runner = new StepRunner(session, _reporter);
            var request = Given(feed) with { Reindex = true };
            var plan = await runner.PlanAsync(Step, request, CancellationToken.None);

            var run = await runner.ExecuteAsync(Step, request, plan, new StepConfirmation(new[] { CopyNuGetPackagesStep.CopyAction }), CancellationToken.None);

            Assert.Equal(3, run.Result.Copy.Copied);
            Assert.Null(run.Result.Reindex);
            Assert.Empty(_reporter.Errors);
            Assert.Equal("Copy-NuGetPackages", Assert.Single(UpgradeJournal.Load(session.Journal.Path).Records).Step);
        }

        [Fact]
        public async Task A_second_run_over_a_finished_copy_copies_nothing()
        {
            await using var sandbox = await Start("3.12.1");
            var session = SessionFor(sandbox);
            WriteLegacyFeed(sandbox);
            var runner = new StepRunner(session, _reporter);
            var options = new CopyNuGetPackagesRequest();
            await ExecuteAllAsync(runner, await runner.PlanAsync(Step, options, CancellationToken.None), options, CancellationToken.None);

            var again = await runner.PlanAsync(Step, options, CancellationToken.None);
            var outcome = await ExecuteAllAsync(runner, again, options, CancellationToken.None);

            Assert.Empty(again.Detail.FilesToCopy);
            Assert.Equal((0, Packages), (outcome.Copy.Copied, outcome.Copy.Skipped));
        }

        [Fact]
        public async Task A_partly_failed_copy_does_not_restart_the_server_to_reindex()
        {
            await using var sandbox = await Start("3.12.1");
            var session = SessionFor(sandbox);
            WriteLegacyFeed(sandbox);
            var runner = new StepRunner(session, _reporter);
            var options = new CopyNuGetPackagesRequest { Reindex = true, ReindexPollInterval = TimeSpan.FromMilliseconds(50) };
            var plan = await runner.PlanAsync(Step, options, CancellationToken.None);
            var restartsBefore = sandbox.Estate.Service.Starts;
            File.AppendAllText(plan.Detail.FilesToCopy[0].SourcePath, "changed after planning");

            var outcome = await ExecuteAllAsync(runner, plan, options, CancellationToken.None);

            Assert.Equal(1, outcome.Copy.Failed);
            Assert.Null(outcome.Reindex);
            Assert.Contains(_reporter.Errors, e => e.ErrorId == PackageErrorIds.ReindexSkipped);
            Assert.Equal(restartsBefore, sandbox.Estate.Service.Starts);
            Assert.Equal(StepOutcome.Failed, Assert.Single(UpgradeJournal.Load(session.Journal.Path).Records).Outcome);
        }

        [Fact]
        public async Task Reindex_without_an_install_folder_is_refused_before_anything_is_copied()
        {
            await using var sandbox = await Start("3.12.1");
            var session = SessionFor(sandbox, installPath: false);
            WriteLegacyFeed(sandbox);
            var runner = new StepRunner(session, _reporter);
            var options = new CopyNuGetPackagesRequest { Reindex = true };
            var plan = await runner.PlanAsync(Step, options, CancellationToken.None);
            var before = TestFeed.Snapshot(plan.Detail.DestinationPath);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => ExecuteAllAsync(runner, plan, options, CancellationToken.None));

            Assert.Equal(PackageErrorIds.ReindexInstallPathUnknown, error.ErrorId);
            Assert.Equal(before, TestFeed.Snapshot(plan.Detail.DestinationPath));
        }

        [Fact]
        public async Task A_stopped_copy_is_journalled_as_cancelled()
        {
            await using var sandbox = await Start("3.12.1");
            var session = SessionFor(sandbox);
            WriteLegacyFeed(sandbox);
            var runner = new StepRunner(session, _reporter);
            var plan = await runner.PlanAsync(Step, new CopyNuGetPackagesRequest(), CancellationToken.None);
            using var stopped = new CancellationTokenSource();
            await stopped.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExecuteAllAsync(runner, plan, new CopyNuGetPackagesRequest(), stopped.Token));

            var record = Assert.Single(UpgradeJournal.Load(session.Journal.Path).Records);
            Assert.Equal(("Copy-NuGetPackages", StepOutcome.Cancelled), (record.Step, record.Outcome));
        }

        [Fact]
        public async Task Without_a_home_folder_or_paths_the_folders_cannot_be_derived()
        {
            await using var sandbox = await Start("3.12.1");
            var session = SessionFor(sandbox, home: false);
            var runner = new StepRunner(session, _reporter);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => runner.PlanAsync(Step, new CopyNuGetPackagesRequest(), CancellationToken.None));

            Assert.Equal("PackageCopyHomeUnknown", error.ErrorId);
        }

        private static readonly CopyNuGetPackagesStep Step = new();

        /// <summary>Runs every planned action, as a caller without prompts does.</summary>
        private static async Task<CopyNuGetPackagesResult> ExecuteAllAsync(StepRunner runner, StepPlan<PackageCopyPlan> plan, CopyNuGetPackagesRequest request, CancellationToken cancellationToken) =>
            (await runner.ExecuteAsync(Step, request, plan, StepConfirmation.All(plan.Actions), cancellationToken)).Result;

        private static CopyNuGetPackagesRequest Given(TestFeed feed) => new() { SourcePath = feed.Source, DestinationPath = feed.Destination };

        /// <summary>A session whose server is never asked anything: the folders are given.</summary>
        private UpgradeSession OfflineSession(string? installPath) =>
            UpgradeSession.Create(new SessionRequest
            {
                Server = "https://octopus.example.com",
                ApiKey = new Secret("API-OFFLINEOFFLINEOFFLINE0001"),
                InstallPath = installPath,
                JournalPath = _journals.Combine(Guid.NewGuid().ToString("N") + ".json"),
            });

        private static async Task<SandboxServer> Start(string version, bool callerIsInteractive = true, bool reindexOnStart = true)
        {
            var estate = EstateDescription.ForVersion(version);
            estate.TimeScale = 500;
            estate.Assumptions.StartReindexesFeed = reindexOnStart;
            estate.CallerIsInteractive = callerIsInteractive;
            return await SandboxServer.StartAsync(estate);
        }

        private UpgradeSession SessionFor(SandboxServer sandbox, bool installPath = true, bool home = true, TimeProvider? clock = null, string? installFolder = null, string? apiKey = null) =>
            UpgradeSession.Create(
                new SessionRequest
                {
                    Server = sandbox.ServerUrl.ToString(),
                    ApiKey = new Secret(apiKey ?? sandbox.ApiKey),
                    HomePath = home ? sandbox.HomePath : null,
                    InstallPath = installPath ? installFolder ?? sandbox.InstallPath : null,
                    InstanceName = sandbox.Estate.InstanceName,
                    JournalPath = _journals.Combine(Guid.NewGuid().ToString("N") + ".json"),
                },
                clock ?? TimeProvider.System);

        /// <summary>The 2.6 server's feed folder under the home folder, as an in-place upgrade leaves it.</summary>
        private static void WriteLegacyFeed(SandboxServer sandbox)
        {
            var source = PackageFeedLocations.LegacySource(sandbox.HomePath);
            for (var i = 0; i < Packages; i++)
            {
                NupkgWriter.Write(source, $"Legacy.App{i % 3}", $"2.6.{i}");
            }
        }
    }
}
