using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;
using ManualClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>
    /// A request and its retries end at the caller's deadline, whatever the per-attempt timeout and the retry count
    /// say: against a sandbox whose packages route answers after 120 s, a 10 s deadline on the client's clock ends
    /// the call when that clock reaches 10 s. The clock is moved by hand, so nothing here waits on real time.
    /// </summary>
    public sealed class DeadlineBoundedRequestTests
    {
        private const string Key = "API-DEADLINE000000000000000000";

        [Fact]
        public async Task A_slow_answer_is_abandoned_when_the_deadline_passes_though_the_request_timeout_is_longer()
        {
            var estate = EstateDescription.ForVersion("3.12.1");
            await using var sandbox = await SandboxServer.StartAsync(estate);
            sandbox.Faults.AddLatency("/api/packages", TimeSpan.FromMilliseconds(120_000));
            var clock = new ManualClock();
            var reporter = new RecordingReporter();
            var asked = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            reporter.OnVerbose = line => { if (line.Contains("/api/packages", StringComparison.Ordinal)) { asked.TrySetResult(true); } };
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), Options(clock, reporter, retryCount: 3));
            using var deadline = Deadline.After(TimeSpan.FromSeconds(10), clock);

            var count = client.Feeds.GetBuiltInPackageCountAsync(deadline.Token);
            await asked.Task;
            clock.Advance(TimeSpan.FromSeconds(10));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => count);
            Assert.True(deadline.HasPassed);
            Assert.Equal(TimeSpan.FromSeconds(10), deadline.Elapsed);
            Assert.Single(reporter.Verboses, line => line.Contains("/api/packages", StringComparison.Ordinal));
            Assert.DoesNotContain(reporter.Verboses, line => line.StartsWith("Retrying", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Retries_stop_at_the_deadline_instead_of_running_their_full_count()
        {
            var fake = new FakeOctopusHandler(Key, "{\"Version\":\"3.12.1\",\"Links\":{\"Packages\":\"/api/packages{/id}{?take}\"}}")
            {
                FailRoutePrefix = "GET /api/packages",
                FailStatus = 503,
            };
            fake.FailNext(int.MaxValue);
            var clock = new ManualClock();
            var reporter = new RecordingReporter();
            using var client = new OctopusApiClient(new Uri("https://octopus.example/"), new Secret(Key), Options(clock, reporter, retryCount: 20), fake);
            using var deadline = Deadline.After(TimeSpan.FromSeconds(10), clock);

            var count = client.Feeds.GetBuiltInPackageCountAsync(deadline.Token);
            while (!count.IsCompleted)
            {
                // Moves the clock a second at a time, giving each retry's back-off the chance to be scheduled first.
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
                await Task.Delay(1);
            }

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => count);
            Assert.True(deadline.HasPassed);
            // Back-off of 1, 2, 4, 8 s (with jitter) fits at most four retries into 10 s, far fewer than the 20 allowed.
            Assert.InRange(fake.Count("GET /api/packages"), 1, 5);
        }

        private static OctopusApiClientOptions Options(TimeProvider clock, RecordingReporter reporter, int retryCount) => new()
        {
            TimeProvider = clock,
            Reporter = reporter,
            RequestTimeout = TimeSpan.FromSeconds(100),
            RetryCount = retryCount,
            RetryDelay = TimeSpan.FromSeconds(1),
        };
    }
}
