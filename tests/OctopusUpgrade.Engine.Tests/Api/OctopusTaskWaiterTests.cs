using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>The waiter on a fake clock: its delays are recorded, not slept.</summary>
    public sealed class OctopusTaskWaiterTests
    {
        [Fact]
        public async Task Polls_once_per_delay_with_backoff_until_the_task_completes()
        {
            var fake = OctopusApiClientTests.Modern();
            var states = new ConcurrentQueue<string>(new[] { "Queued", "Executing", "Executing", "Executing", "Executing", "Success" });
            fake.Routes["GET /api/tasks/ServerTasks-5"] = _ => (200, OctopusApiClientTests.Task("ServerTasks-5", states.TryDequeue(out var s) ? s : "Success"));
            var reporter = new RecordingReporter();
            var clock = new FakeTimeProvider();
            using var client = OctopusApiClientTests.Client(fake, new OctopusApiClientOptions { Reporter = reporter });
            var waiter = new OctopusTaskWaiter(client, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), clock);

            var task = await waiter.WaitAsync("ServerTasks-5", TimeSpan.FromMinutes(10));

            Assert.Equal(OctopusTaskState.Success, task.State);
            Assert.Equal(6, fake.Count("GET /api/tasks/ServerTasks-5"));
            Assert.Equal(new[] { 1, 2, 4, 5, 5 }, clock.Delays.Select(d => (int)d.TotalSeconds));
            Assert.Equal(6, reporter.Progresses.Count);
            Assert.True(reporter.Progresses.Last().Completed);
            Assert.Contains("Executing", reporter.Progresses.ElementAt(1).Status);
        }

        [Fact]
        public async Task Gives_up_with_a_typed_error_when_the_timeout_passes()
        {
            var fake = OctopusApiClientTests.Modern();
            fake.Routes["GET /api/tasks/ServerTasks-6"] = _ => (200, OctopusApiClientTests.Task("ServerTasks-6", "Executing"));
            var clock = new FakeTimeProvider();
            using var client = OctopusApiClientTests.Client(fake);
            var waiter = new OctopusTaskWaiter(client, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), clock);

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => waiter.WaitAsync("ServerTasks-6", TimeSpan.FromSeconds(30)));

            Assert.Equal(OctopusTaskErrorIds.WaitTimedOut, ex.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, ex.Category);
            Assert.Contains("ServerTasks-6", ex.Message);
            // 1+2+4+8+10 s, then the last 5 s to the deadline: one poll after each wait, no more.
            Assert.Equal(new[] { 1, 2, 4, 8, 10, 5 }, clock.Delays.Select(d => (int)d.TotalSeconds));
            Assert.Equal(7, fake.Count("GET /api/tasks/ServerTasks-6"));
        }

        [Fact]
        public async Task Cancellation_mid_wait_stops_polling()
        {
            var fake = OctopusApiClientTests.Modern();
            var polled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            fake.Routes["GET /api/tasks/ServerTasks-7"] = _ =>
            {
                polled.TrySetResult();
                return (200, OctopusApiClientTests.Task("ServerTasks-7", "Executing"));
            };
            var clock = new FakeTimeProvider { AutoAdvance = false };
            using var client = OctopusApiClientTests.Client(fake);
            var waiter = new OctopusTaskWaiter(client, timeProvider: clock);
            using var cancellation = new CancellationTokenSource();

            var waiting = waiter.WaitAsync("ServerTasks-7", TimeSpan.FromHours(1), cancellation.Token);
            await polled.Task;
            cancellation.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            Assert.Equal(1, fake.Count("GET /api/tasks/ServerTasks-7"));
        }
    }
}
