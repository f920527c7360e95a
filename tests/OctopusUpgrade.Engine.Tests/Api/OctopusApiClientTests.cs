using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>The client's navigation, paging, retry and error behaviour against an in-process fake server.</summary>
    public sealed class OctopusApiClientTests
    {
        private const string Key = "API-UNITTESTKEY0000000000000001";
        private static readonly Uri Server = new("http://octopus.test/");

        [Fact]
        public async Task Lists_ten_thousand_machines_in_pages_without_reading_ahead()
        {
            var fake = Modern();
            fake.AddMachines("/api/Spaces-1/machines", 10_000, Machine);
            using var client = Client(fake, new OctopusApiClientOptions { PageSize = 500 });

            var seen = 0;
            await foreach (var machine in client.Machines.GetAllAsync())
            {
                if (seen == 0)
                {
                    // Root, space list, first page: nothing is fetched before it is needed.
                    Assert.Equal(3, fake.Requests.Count);
                }

                Assert.Equal($"Machines-{seen}", machine.Id);
                seen++;
            }

            Assert.Equal(10_000, seen);
            Assert.True(fake.Requests.Count <= (10_000 / 500) + 2, string.Join("\n", fake.Requests));
            Assert.All(fake.Requests.Where(r => r.Contains("/machines")), r => Assert.Contains("take=500", r));
        }

        [Theory]
        [InlineData(0, 1)]
        [InlineData(1, 1)]
        [InlineData(9, 1)]
        [InlineData(10, 1)]
        [InlineData(11, 2)]
        [InlineData(21, 3)]
        public async Task Every_item_is_listed_in_as_many_pages_as_it_takes_even_a_last_page_of_one(int total, int pages)
        {
            var fake = Modern();
            fake.AddMachines("/api/Spaces-1/machines", total, Machine);
            using var client = Client(fake, new OctopusApiClientOptions { PageSize = 10 });

            var ids = new List<string>();
            await foreach (var machine in client.Machines.GetAllAsync())
            {
                ids.Add(machine.Id);
            }

            Assert.Equal(Enumerable.Range(0, total).Select(i => $"Machines-{i}"), ids);
            Assert.Equal(pages, fake.Count("GET /api/Spaces-1/machines"));
        }

        [Fact]
        public async Task Default_space_uses_the_root_links_and_named_space_its_own_home()
        {
            var fake = Modern();
            fake.Routes["GET /api/Spaces-2"] = _ => (200, "{\"Id\":\"Spaces-2\",\"Links\":{\"Environments\":\"/api/Spaces-2/environments{/id}{?name,skip,ids,take,partialName}\"}}");
            fake.Routes["GET /api/Spaces-2/environments"] = _ => (200, "{\"TotalResults\":1,\"Items\":[{\"Id\":\"Environments-7\",\"Name\":\"Second\",\"SpaceId\":\"Spaces-2\"}],\"Links\":{}}");
            using var client = Client(fake, new OctopusApiClientOptions { Space = "second" });

            var space = await client.Spaces.GetCurrentAsync();
            var environments = await client.Environments.GetAllAsync().ToListAsync();

            Assert.Equal("Spaces-2", space!.Id);
            Assert.Equal("Environments-7", Assert.Single(environments).Id);
        }

        [Fact]
        public async Task Unknown_space_is_a_typed_error()
        {
            using var client = Client(Modern(), new OctopusApiClientOptions { Space = "Nowhere" });

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.Spaces.GetCurrentAsync());

            Assert.Equal(OctopusApiErrorIds.SpaceNotFound, ex.ErrorId);
        }

        [Fact]
        public async Task Server_without_spaces_follows_page_next_and_refuses_a_space()
        {
            var fake = Legacy();
            fake.Routes["GET /api/machines"] = request => request.RequestUri!.Query.Contains("skip=30")
                ? (200, Page(30, 31, null))
                : (200, Page(0, 30, "/api/machines?skip=30"));
            using var client = Client(fake);

            var machines = await client.Machines.GetAllAsync().ToListAsync();
            Assert.Null(await client.Spaces.GetCurrentAsync());
            Assert.Equal(31, machines.Count);
            Assert.Equal(new[] { "GET /api", "GET /api/machines", "GET /api/machines?skip=30" }, fake.Requests);

            using var withSpace = Client(Legacy(), new OctopusApiClientOptions { Space = "Default" });
            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => withSpace.Spaces.GetCurrentAsync());
            Assert.Equal(OctopusApiErrorIds.SpaceNotFound, ex.ErrorId);
            Assert.Contains("3.12.1", ex.Message);
        }

        [Fact]
        public async Task Transient_failures_of_a_get_are_retried()
        {
            var fake = Modern();
            fake.AddMachines("/api/Spaces-1/machines", 3, Machine);
            fake.FailRoutePrefix = "GET /api/Spaces-1/machines";
            fake.FailNext(2);
            var reporter = new RecordingReporter();
            using var client = Client(fake, new OctopusApiClientOptions { RetryDelay = TimeSpan.Zero, Reporter = reporter });

            var machines = await client.Machines.GetAllAsync().ToListAsync();

            Assert.Equal(3, machines.Count);
            Assert.Equal(3, fake.Count("GET /api/Spaces-1/machines"));
            Assert.Equal(2, reporter.Lines.Count(line => line.Contains("Retrying GET http://octopus.test/api/Spaces-1/machines")));
        }

        [Theory]
        [InlineData(408)]
        [InlineData(429)]
        [InlineData(500)]
        [InlineData(502)]
        public async Task Other_transient_statuses_are_retried_too(int status)
        {
            var fake = Modern();
            fake.Routes["GET /api/serverstatus"] = _ => (200, "{\"IsUpgradeAvailable\":true}");
            fake.FailRoutePrefix = "GET /api/serverstatus";
            fake.FailStatus = status;
            fake.FailNext(1);
            using var client = Client(fake, new OctopusApiClientOptions { RetryDelay = TimeSpan.Zero });

            Assert.True((await client.Server.GetStatusAsync()).IsUpgradeAvailable);
            Assert.Equal(2, fake.Count("GET /api/serverstatus"));
        }

        [Fact]
        public async Task Retries_stop_at_the_configured_count_with_a_server_error()
        {
            var fake = Modern();
            fake.FailRoutePrefix = "GET /api/serverstatus";
            fake.FailNext(100);
            using var client = Client(fake, new OctopusApiClientOptions { RetryDelay = TimeSpan.Zero, RetryCount = 2 });

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.Server.GetStatusAsync());

            Assert.Equal(OctopusApiErrorIds.ServerError, ex.ErrorId);
            Assert.Equal(503, ex.StatusCode);
            Assert.Equal("Service unavailable", ex.ServerErrorMessage);
            Assert.Equal(3, fake.Count("GET /api/serverstatus"));
        }

        [Fact]
        public async Task Task_creation_is_never_retried()
        {
            var fake = Modern();
            fake.Routes["POST /api/tasks"] = _ => (201, Task("ServerTasks-1", "Queued"));
            fake.FailRoutePrefix = "POST /api/tasks";
            fake.FailNext(1);
            using var client = Client(fake, new OctopusApiClientOptions { RetryDelay = TimeSpan.Zero });

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.Tasks.CreateAsync(OctopusTaskRequest.Upgrade("Upgrade", machineIds: new[] { "Machines-1" })));

            Assert.Equal(OctopusApiErrorIds.ServerError, ex.ErrorId);
            Assert.Equal(1, fake.Count("POST /api/tasks"));
        }

        [Fact]
        public async Task Task_creation_sends_the_space_and_arguments_array()
        {
            var fake = Modern();
            string? body = null;
            fake.Routes["POST /api/tasks"] = request =>
            {
                body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
                return (201, Task("ServerTasks-9", "Queued"));
            };
            using var client = Client(fake);

            var task = await client.Tasks.CreateAsync(OctopusTaskRequest.Health("Pre-upgrade health check", "Environments-1", new[] { "Machines-1", "Machines-2" }));

            Assert.Equal("ServerTasks-9", task.Id);
            var sent = JObject.Parse(body!);
            Assert.Equal("Health", (string?)sent["Name"]);
            Assert.Equal("Spaces-1", (string?)sent["SpaceId"]);
            Assert.Equal(new[] { "Machines-1", "Machines-2" }, sent["Arguments"]!["MachineIds"]!.Select(t => (string)t!));
            Assert.Equal("Environments-1", (string?)sent["Arguments"]!["EnvironmentId"]);
            Assert.Equal("00:05:00", (string?)sent["Arguments"]!["Timeout"]);
        }

        [Fact]
        public async Task Rejected_key_names_the_server_and_never_shows_the_key()
        {
            var fake = new FakeOctopusHandler("API-SOMEOTHERKEY", FixtureFolder.Read("api-root/api-root_2019.7.12_octopusclients.json"));
            var reporter = new RecordingReporter();
            using var client = Client(fake, new OctopusApiClientOptions { Reporter = reporter });

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.GetRootAsync());

            Assert.Equal(OctopusApiErrorIds.Unauthorized, ex.ErrorId);
            Assert.Equal(FailureCategory.AuthenticationError, ex.Category);
            Assert.Contains("http://octopus.test/", ex.Message);
            Assert.Contains("rejected the API key", ex.Message);
            Assert.Single(fake.Requests);
            Assert.DoesNotContain(Key, ex.ToString());
            Assert.NotEmpty(reporter.Lines);
            Assert.DoesNotContain(Key, reporter.AllText);
        }

        [Fact]
        public async Task Dropped_connection_is_retried_on_get_and_reported_as_unreachable_when_it_persists()
        {
            var fake = Modern();
            fake.DropNext(1);
            using var client = Client(fake, new OctopusApiClientOptions { RetryDelay = TimeSpan.Zero });
            Assert.Equal("2019.7.12", (await client.GetRootAsync()).Version!.ToString());

            var down = Modern();
            down.DropNext(100);
            using var unreachable = Client(down, new OctopusApiClientOptions { RetryDelay = TimeSpan.Zero, RetryCount = 1 });
            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => unreachable.GetRootAsync());
            Assert.Equal(OctopusApiErrorIds.Unreachable, ex.ErrorId);
            Assert.Equal(FailureCategory.ConnectionError, ex.Category);
            Assert.Equal(2, down.Requests.Count);
        }

        [Fact]
        public async Task Active_tasks_use_states_on_modern_servers_and_active_on_older_ones()
        {
            var modern = Modern();
            modern.Routes["GET /api/tasks"] = _ => (200, $"{{\"TotalResults\":2,\"Items\":[{Task("ServerTasks-1", "Executing")},{Task("ServerTasks-2", "Success")}],\"Links\":{{}}}}");
            using (var client = Client(modern))
            {
                Assert.Equal("ServerTasks-1", Assert.Single(await client.Tasks.GetActiveAsync().ToListAsync()).Id);
            }

            Assert.Contains(modern.Requests, r => r.StartsWith("GET /api/tasks?skip=0&states=Queued,Executing,Cancelling&take=100", StringComparison.Ordinal));

            var everywhere = Modern();
            everywhere.Routes["GET /api/tasks"] = modern.Routes["GET /api/tasks"];
            using (var client = Client(everywhere))
            {
                Assert.Single(await client.Tasks.GetActiveAsync(acrossAllSpaces: true).ToListAsync());
            }

            Assert.Equal("GET /api/tasks?skip=0&states=Queued,Executing,Cancelling&take=100&spaces=Spaces-1,Spaces-2,Spaces-3&includeSystem=true", everywhere.Requests.Last());

            var legacy = Legacy();
            legacy.Routes["GET /api/tasks"] = _ => (200, $"{{\"TotalResults\":1,\"Items\":[{Task("ServerTasks-3", "Queued")}],\"Links\":{{}}}}");
            using (var client = Client(legacy))
            {
                Assert.Equal("ServerTasks-3", Assert.Single(await client.Tasks.GetActiveAsync().ToListAsync()).Id);
            }

            Assert.Contains("GET /api/tasks?active=true", legacy.Requests);
        }

        [Fact]
        public async Task Maintenance_mode_is_put_as_a_whole_document()
        {
            var fake = Modern();
            string? put = null;
            fake.Routes["GET /api/maintenanceconfiguration"] = _ => (200, "{\"Id\":\"maintenance\",\"IsInMaintenanceMode\":false}");
            fake.Routes["PUT /api/maintenanceconfiguration"] = request =>
            {
                put = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
                return (200, put);
            };
            using var client = Client(fake);

            var result = await client.Maintenance.SetAsync(true);

            Assert.True(result.IsInMaintenanceMode);
            Assert.Equal("{\"Id\":\"maintenance\",\"IsInMaintenanceMode\":true}", put);
        }

        [Fact]
        public async Task Health_is_read_on_a_teapot_and_folders_through_the_configuration_links()
        {
            var fake = Modern();
            fake.Routes["GET /api/serverstatus/health"] = _ => (418, "{\"IsOperatingNormally\":false,\"Description\":\"Draining\",\"IsEntireClusterDrainingTasks\":true}");
            fake.Routes["GET /api/configuration/server-folders"] = _ => (200, "{\"Id\":\"server-folders\",\"Links\":{\"Values\":\"/api/configuration/server-folders/values\"}}");
            fake.Routes["GET /api/configuration/server-folders/values"] = _ => (200, "{\"LogsDirectory\":\"C:\\\\Octopus\\\\Logs\",\"PackagesDirectory\":\"C:\\\\Octopus\\\\Packages\"}");
            using var client = Client(fake);

            var health = await client.Server.GetHealthAsync();
            var folders = await client.Configuration.GetServerFoldersAsync();

            Assert.False(health.IsOperatingNormally);
            Assert.True(health.IsEntireClusterDrainingTasks);
            Assert.Equal(@"C:\Octopus\Logs", folders.LogsDirectory);
            Assert.Equal(@"C:\Octopus\Packages", folders.PackagesDirectory);
        }

        [Fact]
        public async Task Missing_link_says_the_server_does_not_offer_it()
        {
            using var client = Client(new FakeOctopusHandler(Key, FixtureFolder.Read("api-root/api-root_3.3.0-beta0002_teamcity-plugin.json")));

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.Licenses.GetStatusAsync());

            Assert.Equal(OctopusApiErrorIds.LinkMissing, ex.ErrorId);
            Assert.Contains("CurrentLicenseStatus", ex.Message);
            Assert.Contains("3.3.0-beta0002", ex.Message);
        }

        [Theory]
        [InlineData("http://octopus.test/octo")]
        [InlineData("http://octopus.test/octo/api/")]
        public async Task Server_in_a_virtual_directory_resolves_its_own_links(string address)
        {
            // A server in a virtual directory puts the directory in its links; "~/" links are relative to it.
            const string root = "{\"Version\":\"3.12.1\",\"Links\":{\"Machines\":\"/octo/api/machines{/id}{?skip}\",\"ServerStatus\":\"~/api/serverstatus\"}}";
            var fake = new FakeOctopusHandler(Key, "{}");
            fake.Routes["GET /octo/api"] = _ => (200, root);
            fake.Routes["GET /octo/api/machines"] = _ => (200, Page(0, 2, null));
            fake.Routes["GET /octo/api/serverstatus"] = _ => (200, "{\"IsUpgradeAvailable\":true}");
            using var client = new OctopusApiClient(new Uri(address), new Secret(Key), null, fake);

            Assert.Equal(2, (await client.Machines.GetAllAsync().ToListAsync()).Count);
            Assert.True((await client.Server.GetStatusAsync()).IsUpgradeAvailable);
            Assert.Equal(new Uri("http://octopus.test/octo/"), client.BaseAddress);
            Assert.Equal(new[] { "GET /octo/api", "GET /octo/api/machines", "GET /octo/api/serverstatus" }, fake.Requests);
        }

        [Fact]
        public async Task Link_to_another_host_is_not_followed()
        {
            var fake = Legacy();
            fake.Routes["GET /api/machines"] = _ => (200, Page(0, 30, "https://elsewhere.example/api/machines?skip=30"));
            using var client = Client(fake);

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.Machines.GetAllAsync().ToListAsync().AsTask());

            Assert.Equal(OctopusApiErrorIds.ForeignLink, ex.ErrorId);
            Assert.DoesNotContain(fake.Requests, r => r.Contains("elsewhere", StringComparison.Ordinal));
        }

        [Fact]
        public void Server_address_must_be_absolute_http_and_is_never_echoed_with_a_key()
        {
            var ex = Assert.Throws<OctopusUpgradeException>(() => new OctopusApiClient(new Uri("ftp://octopus.example/?apikey=" + Key), new Secret(Key)));

            Assert.Equal(FailureCategory.InvalidArgument, ex.Category);
            Assert.DoesNotContain(Key, ex.Message + ex.Target);
        }

        [Fact]
        public async Task Cancellation_stops_a_request_without_wrapping_it()
        {
            using var client = Client(Modern());
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetRootAsync(cancelled.Token));
        }

        internal static FakeOctopusHandler Modern() =>
            WithSpaces(new FakeOctopusHandler(Key, FixtureFolder.Read("api-root/api-root_2019.7.12_octopusclients.json")));

        internal static FakeOctopusHandler Legacy() => new(Key, FixtureFolder.Read("api-root/api-root_3.12.1_teamcity-plugin.json"));

        internal static OctopusApiClient Client(FakeOctopusHandler fake, OctopusApiClientOptions? options = null) =>
            new(Server, new Secret(Key), options, fake);

        internal static string Task(string id, string state) =>
            new JObject
            {
                ["Id"] = id,
                ["Name"] = "Upgrade",
                ["State"] = state,
                ["IsCompleted"] = state is not ("Queued" or "Executing" or "Cancelling"),
                ["FinishedSuccessfully"] = state == "Success",
                ["Links"] = new JObject { ["Self"] = "/api/tasks/" + id, ["Details"] = $"/api/tasks/{id}/details{{?verbose,tail}}" },
            }.ToString(Newtonsoft.Json.Formatting.None);

        private static FakeOctopusHandler WithSpaces(FakeOctopusHandler fake)
        {
            fake.Routes["GET /api/spaces"] = _ => (200, $"{{\"TotalResults\":3,\"Items\":{FixtureFolder.Read("server-config/spaces-all_2019.x_serverspec.json")},\"Links\":{{}}}}");
            return fake;
        }

        private static JObject Machine(int index) => new()
        {
            ["Id"] = $"Machines-{index}",
            ["Name"] = $"web-{index:D5}",
            ["EnvironmentIds"] = new JArray("Environments-1"),
            ["Roles"] = new JArray("web"),
            ["IsDisabled"] = false,
            ["HealthStatus"] = "Healthy",
            ["Endpoint"] = new JObject
            {
                ["CommunicationStyle"] = "TentaclePassive",
                ["Uri"] = $"https://web-{index:D5}:10933/",
                ["Thumbprint"] = "23B3D2E77961622DD07B520DC9645B4B700543CD",
                ["TentacleVersionDetails"] = new JObject { ["Version"] = "4.0.1", ["UpgradeSuggested"] = true },
            },
        };

        private static string Page(int from, int to, string? next)
        {
            var links = new JObject { ["Self"] = "/api/machines" };
            if (next is not null)
            {
                links["Page.Next"] = next;
            }

            return new JObject
            {
                ["ItemType"] = "Machine",
                ["Items"] = new JArray(Enumerable.Range(from, to - from).Select(Machine)),
                ["Links"] = links,
            }.ToString(Newtonsoft.Json.Formatting.None);
        }
    }
}
