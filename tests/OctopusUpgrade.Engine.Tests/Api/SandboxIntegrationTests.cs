using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Threading;
using System;
using System.IO;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>The client against the in-process sandbox over real loopback HTTP, for each server generation.</summary>
    public sealed class SandboxIntegrationTests
    {
        public static TheoryData<string> Versions => new() { EstatePresets.Legacy26, EstatePresets.V3, EstatePresets.V2019, EstatePresets.Current };

        [Theory]
        [MemberData(nameof(Versions))]
        public async Task Reads_the_estate_and_runs_a_health_check(string version)
        {
            await using var sandbox = await Start(version);
            var reporter = new RecordingReporter();
            using var client = Connect(sandbox, new OctopusApiClientOptions { Reporter = reporter });
            var expected = OctopusVersion.Parse(version);

            var root = await client.GetRootAsync();
            var space = await client.Spaces.GetCurrentAsync();
            var environments = await client.Environments.GetAllAsync().ToListAsync();
            var machines = await client.Machines.GetAllAsync().ToListAsync();
            var workers = await client.Machines.GetWorkersAsync().ToListAsync();

            Assert.Equal(expected, root.Version);
            Assert.Equal(expected >= OctopusVersion.Parse("2019.1"), root.HasSpaces);
            Assert.Equal(root.HasSpaces ? "Default" : null, space?.Name);
            Assert.Superset(new HashSet<string> { "Development", "Test", "Production" }, environments.Select(e => e.Name).ToHashSet());
            var expectedMachines = sandbox.Estate.Machines.Where(m => !m.IsWorker).Select(m => m.Name).OrderBy(n => n);
            Assert.Equal(expectedMachines, machines.Select(m => m.Name).OrderBy(n => n));
            Assert.All(machines, m => Assert.True(m.IsTentacle, m.Name));
            Assert.All(machines, m => Assert.NotEmpty(m.EnvironmentIds));
            Assert.Equal(sandbox.Estate.Machines.Count(m => m.IsWorker), workers.Count);
            Assert.Equal(machines[0].Name, (await client.Machines.GetAsync(machines[0].Id)).Name);
            if (expected >= OctopusVersion.Parse("3.0"))
            {
                Assert.All(machines, m => Assert.NotNull(m.TentacleVersion));
            }
            else
            {
                Assert.All(machines, m => Assert.NotNull(m.Status));
            }

            var environment = environments.First(e => e.Name == "Production");
            var queued = await client.Tasks.CreateAsync(OctopusTaskRequest.Health("Pre-upgrade health check", environment.Id));
            var done = await Waiter(client).WaitAsync(queued, TimeSpan.FromMinutes(1));
            var details = await client.Tasks.GetDetailsAsync(done.Id);

            Assert.Equal(OctopusTaskState.Success, done.State);
            Assert.True(done.FinishedSuccessfully);
            Assert.Equal(done.Id, details.Task!.Id);
            Assert.NotEmpty(details.ActivityLogs);
            Assert.DoesNotContain(sandbox.ApiKey, reporter.AllText);
        }

        [Theory]
        [InlineData(EstatePresets.V3)]
        [InlineData(EstatePresets.V2019)]
        [InlineData(EstatePresets.Current)]
        public async Task Toggles_maintenance_mode_and_reads_server_state(string version)
        {
            await using var sandbox = await Start(version);
            using var client = Connect(sandbox);

            Assert.True((await client.Maintenance.SetAsync(true)).IsInMaintenanceMode);
            Assert.True(sandbox.Estate.IsInMaintenanceMode);
            Assert.True((await client.Maintenance.GetAsync()).IsInMaintenanceMode);
            Assert.False((await client.Maintenance.SetAsync(false)).IsInMaintenanceMode);
            Assert.False(sandbox.Estate.IsInMaintenanceMode);

            var status = await client.Server.GetStatusAsync();
            var nodes = await client.Nodes.GetAllAsync().ToListAsync();
            Assert.False(status.IsInMaintenanceMode);
            Assert.Equal("OCTOPUS01", Assert.Single(nodes).Name);
            Assert.True((await client.Licenses.GetStatusAsync()).IsCompliant);
        }

        [Theory]
        [InlineData(EstatePresets.V2019)]
        [InlineData(EstatePresets.Current)]
        public async Task Drains_a_node_and_reads_cluster_health(string version)
        {
            await using var sandbox = await Start(version);
            using var client = Connect(sandbox);

            var node = Assert.Single(await client.Nodes.GetAllWithStateAsync());
            var drained = await client.Nodes.SetMaintenanceModeAsync(node, true);
            var health = await client.Server.GetHealthAsync();

            Assert.True(drained.IsInMaintenanceMode);
            Assert.True(Assert.Single(sandbox.Estate.Nodes).IsInMaintenanceMode);
            Assert.True(health.IsEntireClusterDrainingTasks);
        }

        [Fact]
        public async Task Works_in_a_named_space_through_its_space_home()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            estate.Spaces = ["Default", "Second"];
            estate.Machines.Add(new MachineDescription { Name = "second01", Space = "Second", Environments = ["Staging"], Roles = ["web-server"] });
            await using var sandbox = await SandboxServer.StartAsync(estate);
            using var client = Connect(sandbox, new OctopusApiClientOptions { Space = "Second" });

            var space = await client.Spaces.GetCurrentAsync();
            var machines = await client.Machines.GetAllAsync().ToListAsync();

            Assert.Equal("Second", space!.Name);
            Assert.Equal("second01", Assert.Single(machines).Name);
        }

        [Fact]
        public async Task Reads_server_folders()
        {
            await using var sandbox = await Start(EstatePresets.V2019);
            using var client = Connect(sandbox);

            var folders = await client.Configuration.GetServerFoldersAsync();

            Assert.Equal(
                (Path.Combine(sandbox.HomePath, "Logs"), Path.Combine(sandbox.HomePath, "TaskLogs")),
                (folders.LogsDirectory, folders.TaskLogsDirectory));
        }

        [Fact]
        public async Task Lists_ten_thousand_machines_in_ceil_of_total_over_take_plus_two_requests()
        {
            await using var sandbox = await Start(EstatePresets.V2019);
            sandbox.Estate.AddMachines(10_000 - sandbox.Estate.Machines.Count(m => !m.IsWorker));
            var counter = new CountingHandler();
            const int take = 500;
            using var client = Connect(sandbox, new OctopusApiClientOptions { PageSize = take }, counter);

            var count = 0;
            long firstItemRequests = 0;
            await foreach (var machine in client.Machines.GetAllAsync())
            {
                if (count++ == 0)
                {
                    firstItemRequests = counter.Requests.Count;
                }
            }

            Assert.Equal(10_000, count);
            Assert.Equal(3, firstItemRequests);
            Assert.True(counter.Requests.Count <= (10_000 + take - 1) / take + 2, string.Join("\n", counter.Requests));
        }

        [Fact]
        public async Task Service_unavailable_burst_is_retried_on_get()
        {
            await using var sandbox = await Start(EstatePresets.V2019);
            var counter = new CountingHandler();
            using var client = Connect(sandbox, new OctopusApiClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, counter);
            var spaceId = (await client.Spaces.GetCurrentAsync())!.Id;
            sandbox.Faults.FailNext($"/api/{spaceId}/machines", 503, 3);

            var machines = await client.Machines.GetAllAsync().ToListAsync();

            Assert.Equal(sandbox.Estate.Machines.Count(m => !m.IsWorker), machines.Count);
            Assert.Equal(4, counter.Count("GET", $"/api/{spaceId}/machines"));
        }

        [Fact]
        public async Task Task_creation_is_not_retried_on_service_unavailable()
        {
            await using var sandbox = await Start(EstatePresets.V2019);
            var counter = new CountingHandler();
            using var client = Connect(sandbox, new OctopusApiClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, counter);
            await client.Spaces.GetCurrentAsync();
            var tasksBefore = sandbox.Estate.Tasks.Count;
            sandbox.Faults.FailNext("/api/tasks", 503, 1);

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.Tasks.CreateAsync(OctopusTaskRequest.Upgrade("Upgrade Tentacles", machineIds: new[] { sandbox.Estate.Machines[0].Id })));

            Assert.Equal(OctopusApiErrorIds.ServerError, ex.ErrorId);
            Assert.Equal(503, ex.StatusCode);
            Assert.Equal(1, counter.Count("POST", "/api/tasks"));
            Assert.Equal(tasksBefore, sandbox.Estate.Tasks.Count);
        }

        [Fact]
        public async Task Rejected_key_names_the_server_and_the_key_appears_nowhere()
        {
            await using var sandbox = await Start(EstatePresets.V2019);
            const string wrongKey = "API-WRONGKEY00000000000000000000";
            var reporter = new RecordingReporter();
            using var client = new OctopusApiClient(sandbox.ServerUrl, new Secret(wrongKey), new OctopusApiClientOptions { Reporter = reporter });

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.Machines.GetAllAsync().ToListAsync().AsTask());

            Assert.Equal(OctopusApiErrorIds.Unauthorized, ex.ErrorId);
            Assert.Equal(FailureCategory.AuthenticationError, ex.Category);
            Assert.Contains(sandbox.ServerUrl.ToString(), ex.Message);
            Assert.Contains("rejected the API key", ex.Message);
            Assert.DoesNotContain(wrongKey, ex.ToString());
            Assert.NotEmpty(reporter.Lines);
            Assert.DoesNotContain(wrongKey, reporter.AllText);
        }

        [Fact]
        public async Task Dropped_connection_is_retried_on_get()
        {
            await using var sandbox = await Start(EstatePresets.V2019);
            var counter = new CountingHandler();
            using var client = Connect(sandbox, new OctopusApiClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, counter);
            sandbox.Faults.DropNext("/api/serverstatus", 1);

            await client.Server.GetStatusAsync();

            Assert.Equal(2, counter.Count("GET", "/api/serverstatus"));
        }

        [Fact]
        public async Task Stopped_service_is_unreachable_after_retries()
        {
            await using var sandbox = await Start(EstatePresets.V2019);
            using var client = Connect(sandbox, new OctopusApiClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1), RetryCount = 2 });
            sandbox.Faults.DropNext("/", 10);

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.GetRootAsync());

            Assert.Equal(OctopusApiErrorIds.Unreachable, ex.ErrorId);
            Assert.Contains(sandbox.ServerUrl.ToString(), ex.Message);
        }

        [Fact]
        public async Task An_upgrade_task_runs_its_simulated_minute_on_the_tests_clock()
        {
            var clock = new FakeTimeProvider { AutoAdvance = false };
            var estate = EstateDescription.ForVersion(EstatePresets.V2019);
            estate.Machines[0].TentacleVersion = "4.0.0";
            await using var sandbox = await SandboxServer.StartAsync(estate, clock);
            using var client = Connect(sandbox);
            var queued = await client.Tasks.CreateAsync(OctopusTaskRequest.Upgrade("Upgrade Tentacles", machineIds: sandbox.Estate.Machines.Select(m => m.Id)));
            var waiting = Waiter(client, clock).WaitAsync(queued, TimeSpan.FromMinutes(30));

            var advances = await AdvanceUntilDoneAsync(clock, waiting);

            var done = await waiting;
            Assert.Equal(OctopusTaskState.Success, done.State);
            // Queued at 0 s; the poll at 10 s finds it picked up (the queue takes 1 s); it runs 2 s plus 60 s for the one
            // outdated Tentacle, so it ends at 72 s, and the poll after the eighth advance (80 s) sees it done.
            Assert.Equal(FakeTimeProvider.Start.AddSeconds(10), done.StartTime);
            Assert.Equal(FakeTimeProvider.Start.AddSeconds(72), done.CompletedTime);
            Assert.Equal(8, advances);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public async Task Cancellation_mid_wait_leaves_the_task_running_until_cancelled_on_the_server(string version)
        {
            var clock = new FakeTimeProvider { AutoAdvance = false };
            await using var sandbox = await Start(version, clock);
            using var client = Connect(sandbox);
            var task = await client.Tasks.CreateAsync(OctopusTaskRequest.Upgrade("Upgrade Tentacles", machineIds: sandbox.Estate.Machines.Select(m => m.Id)));
            using var cancellation = new CancellationTokenSource();
            var waiting = Waiter(client, clock).WaitAsync(task, TimeSpan.FromMinutes(30), cancellation.Token);
            await clock.WhenTimerStartsAsync();
            clock.Advance(PollInterval);
            await clock.WhenTimerStartsAsync();

            Assert.Equal("Executing", sandbox.Estate.GetTask(task.Id)!.State);
            cancellation.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            Assert.False(sandbox.Estate.GetTask(task.Id)!.IsCompleted);
            Assert.Contains(task.Id, (await client.Tasks.GetActiveAsync().ToListAsync()).Select(t => t.Id));
            Assert.Contains(task.Id, (await client.Tasks.GetActiveAsync(acrossAllSpaces: true).ToListAsync()).Select(t => t.Id));

            await client.Tasks.CancelAsync(task.Id);
            var cancelled = Waiter(client, clock).WaitAsync(task, TimeSpan.FromMinutes(1));
            await AdvanceUntilDoneAsync(clock, cancelled);
            Assert.Equal(OctopusTaskState.Canceled, (await cancelled).State);
        }

        private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

        private static Task<SandboxServer> Start(string version)
        {
            var estate = EstateDescription.ForVersion(version);
            estate.TimeScale = 200;
            return SandboxServer.StartAsync(estate);
        }

        /// <summary>A sandbox whose simulated time is the test's clock, at real speed: nothing moves until the test advances it.</summary>
        private static Task<SandboxServer> Start(string version, FakeTimeProvider clock) =>
            SandboxServer.StartAsync(EstateDescription.ForVersion(version), clock);

        /// <summary>Each time the waiter sleeps, moves the clock one poll interval on; returns how many moves that took.</summary>
        private static async Task<int> AdvanceUntilDoneAsync(FakeTimeProvider clock, Task waiting)
        {
            var polls = 0;
            while (await Task.WhenAny(waiting, clock.WhenTimerStartsAsync()) != waiting)
            {
                clock.Advance(PollInterval);
                polls++;
            }

            return polls;
        }

        private static OctopusApiClient Connect(SandboxServer sandbox, OctopusApiClientOptions? options = null, CountingHandler? counter = null) =>
            new(sandbox.ServerUrl, new Secret(sandbox.ApiKey), options, counter);

        private static OctopusTaskWaiter Waiter(OctopusApiClient client) =>
            new(client, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));

        private static OctopusTaskWaiter Waiter(OctopusApiClient client, FakeTimeProvider clock) =>
            new(client, PollInterval, PollInterval, clock);
    }
}
