using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>An in-process sandbox with a fast (or fake) clock, a plain HttpClient carrying the admin key, and condition waits.</summary>
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

        /// <summary>How long a wait may last before the test calls it a hang: a guard against hanging, never the assertion.</summary>
        public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

        // Between two readings of something a test waits for; short, so a wait ends soon after its condition holds.
        private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(10);

        /// <summary>The fake clock the sandbox runs on, when the test gave one: nothing moves until the test advances it.</summary>
        public FakeTimeProvider? FakeClock { get; private init; }

        /// <summary>Starts the preset for <paramref name="version"/> 50× faster than real time (a health task takes ~0.1 s).</summary>
        public static async Task<TestSandbox> StartAsync(string version, Action<EstateDescription>? configure = null, TimeProvider? clock = null)
        {
            var description = EstateDescription.ForVersion(version);
            description.TimeScale = 50;
            configure?.Invoke(description);
            return await StartAsync(description, clock);
        }

        /// <summary>Starts an estate the test described in full, at the description's own time scale.</summary>
        public static async Task<TestSandbox> StartAsync(EstateDescription description, TimeProvider? clock = null) =>
            new(await SandboxServer.StartAsync(description, clock ?? TimeProvider.System)) { FakeClock = clock as FakeTimeProvider };

        /// <summary>Reads until <paramref name="done"/> holds and returns that reading; fails naming <paramref name="what"/> only after <see cref="HangGuard"/>.</summary>
        public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what)
        {
            using var hang = new CancellationTokenSource(HangGuard);
            while (true)
            {
                var reading = await read();
                if (done(reading))
                {
                    return reading;
                }

                try
                {
                    await Task.Delay(PollPause, hang.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException(what + " did not happen within the hang guard of " + HangGuard.TotalSeconds + " s.");
                }
            }
        }

        /// <summary>Moves the fake clock so that <paramref name="simulated"/> passes in the estate.</summary>
        public void Advance(TimeSpan simulated) =>
            (FakeClock ?? throw new InvalidOperationException("This sandbox runs on the real clock.")).Advance(simulated / Estate.Clock.Scale);

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

        /// <summary>Reads the task until it completes and returns it; on a fake clock, a simulated second passes before each reading.</summary>
        public Task<JsonNode> WaitForTask(string id) => Until(
            () =>
            {
                if (FakeClock is not null)
                {
                    Advance(TimeSpan.FromSeconds(1));
                }

                return GetJson("/api/tasks/" + id);
            },
            task => task["IsCompleted"]!.GetValue<bool>(),
            "Task " + id + " completing");

        /// <summary>Waits until the API answers again after a (re)start and the feed has finished indexing; returns the root's version.</summary>
        public async Task<string> WhenServing()
        {
            var root = await Until(
                async () =>
                {
                    try
                    {
                        using var response = await Http.GetAsync(new Uri("api", UriKind.Relative));
                        return response.StatusCode == System.Net.HttpStatusCode.OK && !Server.Estate.Feed.IsIndexing ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
                    }
                    catch (HttpRequestException)
                    {
                        // A stopped service drops the connection.
                        return null;
                    }
                },
                root => root is not null,
                "The service serving again");
            return root!["Version"]!.GetValue<string>();
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }
}
