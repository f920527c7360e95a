using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Rehearsal
{
    /// <summary>
    /// The estate as someone other than the engine sees it: the server's REST API read with a plain HTTP client (not the
    /// engine's), so an outside check cannot share a mistake with the step it checks.
    /// </summary>
    internal sealed class OutsideView : IDisposable
    {
        private readonly HttpClient _http;

        public OutsideView(SandboxServer server)
        {
            Server = server;
            _http = new HttpClient { BaseAddress = server.ServerUrl, Timeout = TimeSpan.FromSeconds(30) };
            _http.DefaultRequestHeaders.Add("X-Octopus-ApiKey", server.ApiKey);
        }

        public SandboxServer Server { get; }

        public async Task<JsonNode> GetAsync(string relativePath)
        {
            using var response = await _http.GetAsync(new Uri(relativePath.TrimStart('/'), UriKind.Relative)).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            RehearsalCheckFailedException.Unless(response.IsSuccessStatusCode, $"GET {relativePath} answered {(int)response.StatusCode}.");
            return JsonNode.Parse(body) ?? throw new RehearsalCheckFailedException($"GET {relativePath} answered no JSON.");
        }

        /// <summary>Acts on the estate as its users would (a deployment started, a Tentacle unplugged), through the sandbox's control API.</summary>
        public async Task ControlAsync(string relativePath)
        {
            // The control API accepts the admin API key this client already sends.
            using var response = await _http.PostAsync(new Uri(Server.ControlUrl, relativePath), content: null).ConfigureAwait(false);
            RehearsalCheckFailedException.Unless(response.IsSuccessStatusCode, $"the sandbox refused {relativePath}: {(int)response.StatusCode}");
        }

        public void Dispose() => _http.Dispose();
    }
}
