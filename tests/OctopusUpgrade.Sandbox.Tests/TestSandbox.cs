using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>An in-process sandbox with a fast clock and a plain HttpClient carrying the admin key.</summary>
    internal sealed class TestSandbox : IAsyncDisposable
    {
        private TestSandbox(SandboxServer server)
        {
            Server = server;
            Http = Client(server.ApiKey);
        }

        public SandboxServer Server { get; }

        public HttpClient Http { get; }

        public Estate Estate => Server.Estate;

        /// <summary>Starts the preset for <paramref name="version"/> 50× faster than real time (a health task takes ~0.1 s).</summary>
        public static async Task<TestSandbox> StartAsync(string version, Action<EstateDescription>? configure = null, TimeProvider? clock = null)
        {
            var description = EstateDescription.ForVersion(version);
            description.TimeScale = 50;
            configure?.Invoke(description);
            return new TestSandbox(await SandboxServer.StartAsync(description, clock ?? TimeProvider.System));
        }

        /// <summary>A client for this sandbox with the given key (null: none).</summary>
        public HttpClient Client(string? apiKey)
        {
            var client = new HttpClient { BaseAddress = Server.ServerUrl, Timeout = TimeSpan.FromSeconds(30) };
            if (apiKey is not null)
            {
                client.DefaultRequestHeaders.Add("X-Octopus-ApiKey", apiKey);
            }

            return client;
        }

        public async Task<JsonNode> GetJson(string path) => JsonNode.Parse(await Http.GetStringAsync(new Uri(path.TrimStart('/'), UriKind.Relative)))!;

        public Task<HttpResponseMessage> Post(string path, JsonNode body, HttpClient? client = null) =>
            (client ?? Http).PostAsync(new Uri(path.TrimStart('/'), UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        public Task<HttpResponseMessage> Put(string path, JsonNode body, HttpClient? client = null) =>
            (client ?? Http).PutAsync(new Uri(path.TrimStart('/'), UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        /// <summary>Queues a task and returns its id.</summary>
        public async Task<string> CreateTask(string name, JsonObject? arguments = null)
        {
            using var response = await Post("/api/tasks", new JsonObject { ["Name"] = name, ["Description"] = name + " from a test", ["Arguments"] = arguments ?? new JsonObject() });
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("Queued", created["State"]!.GetValue<string>());
            return created["Id"]!.GetValue<string>();
        }

        /// <summary>Polls the task until it completes and returns it.</summary>
        public async Task<JsonNode> WaitForTask(string id)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var task = await GetJson("/api/tasks/" + id);
                if (task["IsCompleted"]!.GetValue<bool>())
                {
                    return task;
                }

                await Task.Delay(10);
            }

            throw new TimeoutException("Task " + id + " did not complete.");
        }

        /// <summary>Waits until the API answers again after a (re)start and the feed has finished indexing; returns the root's version.</summary>
        public async Task<string> WhenServing()
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await Http.GetAsync(new Uri("api", UriKind.Relative));
                    if (response.StatusCode == System.Net.HttpStatusCode.OK && !Server.Estate.Feed.IsIndexing)
                    {
                        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Version"]!.GetValue<string>();
                    }
                }
                catch (HttpRequestException)
                {
                    // A stopped service drops the connection.
                }

                await Task.Delay(10);
            }

            throw new TimeoutException("The service did not come back.");
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }
}
