using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OctopusUpgrade.Sandbox.Tests
{
    public sealed class FaultTests
    {
        private static readonly Uri Machines = new("api/machines", UriKind.Relative);

        [Theory]
        [InlineData(503)]
        [InlineData(500)]
        public async Task Route_fails_N_times_then_recovers(int status)
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            sandbox.Server.Faults.FailNext("/api/machines", status, 2);

            var codes = new int[3];
            for (var i = 0; i < codes.Length; i++)
            {
                using var response = await sandbox.Http.GetAsync(Machines);
                codes[i] = (int)response.StatusCode;
            }

            Assert.Equal([status, status, 200], codes);
            using var other = await sandbox.Http.GetAsync(new Uri("api/environments", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        [Fact]
        public async Task Dropped_connection_gives_no_response()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            sandbox.Server.Faults.DropNext("/api/tasks", 1);

            await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Http.GetAsync(new Uri("api/tasks", UriKind.Relative)));
            using var after = await sandbox.Http.GetAsync(new Uri("api/tasks", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        [Fact]
        public async Task Latency_holds_the_route_until_the_clock_has_advanced_by_it_and_no_other_route()
        {
            var clock = new FakeTimeProvider();
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12", clock: clock);
            sandbox.Server.Faults.AddLatency("/api/machines", TimeSpan.FromMilliseconds(300));
            var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            sandbox.Server.Faults.RequestHeld += path => held.TrySetResult(path);

            var request = sandbox.Http.GetAsync(Machines);
            Assert.Equal("/api/machines", await held.Task.WaitAsync(TestSandbox.HangGuard));
            clock.Advance(TimeSpan.FromMilliseconds(299));
            using var other = await sandbox.Http.GetAsync(new Uri("api/environments", UriKind.Relative));

            // The other route answered on the same clock while this one is still held.
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.False(request.IsCompleted);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            using var response = await request.WaitAsync(TestSandbox.HangGuard);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        [Fact]
        public async Task Control_endpoint_injects_faults_and_needs_the_admin_key()
        {
            await using var sandbox = await TestSandbox.StartAsync("3.12.1");
            using var user = sandbox.Client(sandbox.Server.NonAdminApiKey);
            var fail = new Uri(sandbox.Server.ControlUrl, "faults/fail?route=/api/machines&status=503&count=1");

            using var denied = await user.PostAsync(fail, null);
            using var accepted = await sandbox.Http.PostAsync(fail, null);
            using var failed = await sandbox.Http.GetAsync(Machines);

            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }
    }
}
