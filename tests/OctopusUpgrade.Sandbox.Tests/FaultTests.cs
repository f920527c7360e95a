using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

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
        public async Task Latency_delays_the_route_only()
        {
            await using var sandbox = await TestSandbox.StartAsync("2019.7.12");
            sandbox.Server.Faults.AddLatency("/api/machines", TimeSpan.FromMilliseconds(300));

            var watch = Stopwatch.StartNew();
            using var response = await sandbox.Http.GetAsync(Machines);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // A little under the latency: Task.Delay may end up to a timer tick early.
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"took {watch.Elapsed.TotalMilliseconds} ms");
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
