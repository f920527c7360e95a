using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>
    /// Listing streams: a page's items reach the caller while the server still holds back the next page, so a listing
    /// of any size keeps one page in memory, not the estate. This is shown by order of events, not by measuring the
    /// heap (which measures the collector, and other tests' allocations, as much as the client).
    /// </summary>
    public sealed class ListingStreamTests
    {
        private const int PageSize = 10;

        [Fact]
        public async Task The_first_pages_machines_reach_the_caller_while_the_server_still_holds_the_next_page()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            var environment = estate.Environments.First();
            var total = (2 * PageSize) + 5;
            estate.Machines.AddRange(Enumerable.Range(0, total - estate.Machines.Count(m => !m.IsWorker)).Select(i => new MachineDescription
            {
                Name = $"stream{i:D2}",
                Environments = [environment],
                Roles = ["web-server"],
            }));
            await using var sandbox = await SandboxServer.StartAsync(estate);
            using var gate = new LaterPagesGate();
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(sandbox.ApiKey), new OctopusApiClientOptions { PageSize = PageSize }, gate);

            var seen = 0;
            var seenWhileHeld = 0;
            await foreach (var machine in client.Machines.GetAllAsync())
            {
                seen++;
                if (!gate.IsOpen)
                {
                    seenWhileHeld++;
                }

                if (seen == PageSize)
                {
                    gate.Open();
                }
            }

            // A client that read every page before yielding would see nothing until the gate opened (by its hang guard).
            Assert.Equal(PageSize, seenWhileHeld);
            Assert.False(gate.OpenedByHangGuard);
            Assert.Equal(total, seen);
            Assert.Equal(2, gate.LaterPagesSent);
        }

        /// <summary>Holds every machines page after the first (<c>skip</c> above 0) until the test opens it.</summary>
        private sealed class LaterPagesGate : DelegatingHandler
        {
            private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
            private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _laterPagesSent;

            public bool IsOpen => _open.Task.IsCompleted;

            public bool OpenedByHangGuard { get; private set; }

            public int LaterPagesSent => Volatile.Read(ref _laterPagesSent);

            public void Open() => _open.TrySetResult();

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var uri = request.RequestUri!;
                if (uri.AbsolutePath.EndsWith("/machines", StringComparison.Ordinal) && uri.Query.Contains("skip=", StringComparison.Ordinal) && !uri.Query.Contains("skip=0", StringComparison.Ordinal))
                {
                    if (await Task.WhenAny(_open.Task, Task.Delay(HangGuard, cancellationToken)).ConfigureAwait(false) != _open.Task)
                    {
                        OpenedByHangGuard = true;
                        Open();
                    }

                    Interlocked.Increment(ref _laterPagesSent);
                }

                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
