using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Web;
using Newtonsoft.Json.Linq;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>
    /// An in-process stand-in for an Octopus server, placed in front of the client's network handler: serves routes
    /// ("GET /api/tasks/ServerTasks-1") from functions, checks the key header, counts requests and injects faults.
    /// Used for unit tests of paging, retries and error mapping; the sandbox covers real HTTP.
    /// </summary>
    internal sealed class FakeOctopusHandler : DelegatingHandler
    {
        private readonly string _apiKey;
        private int _failuresLeft;
        private int _dropsLeft;

        public FakeOctopusHandler(string apiKey, string rootJson)
        {
            _apiKey = apiKey;
            Routes["GET /api"] = _ => (200, rootJson);
        }

        public Dictionary<string, Func<HttpRequestMessage, (int Status, string Body)>> Routes { get; } = new(StringComparer.OrdinalIgnoreCase);

        public ConcurrentQueue<string> Requests { get; } = new();

        /// <summary>Requests whose route key starts with this fail with <see cref="FailStatus"/> while failures are left.</summary>
        public string FailRoutePrefix { get; set; } = string.Empty;

        public int FailStatus { get; set; } = 503;

        public void FailNext(int count) => _failuresLeft = count;

        /// <summary>The next requests die with a dropped connection (as a reset socket surfaces in HttpClient).</summary>
        public void DropNext(int count) => _dropsLeft = count;

        public int Count(string routePrefix) => Requests.Count(r => r.StartsWith(routePrefix, StringComparison.OrdinalIgnoreCase));

        public void AddMachines(string path, int total, Func<int, JObject> machine)
        {
            Routes["GET " + path] = request =>
            {
                var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
                var skip = int.Parse(query["skip"] ?? "0");
                var take = int.Parse(query["take"] ?? "30");
                var items = Enumerable.Range(skip, Math.Max(0, Math.Min(take, total - skip))).Select(machine);
                var links = new JObject { ["Self"] = path, ["Template"] = path + "{?skip,take}" };
                if (skip + take < total)
                {
                    links["Page.Next"] = $"{path}?skip={skip + take}&take={take}";
                }

                var page = new JObject { ["ItemType"] = "Machine", ["TotalResults"] = total, ["ItemsPerPage"] = take, ["Items"] = new JArray(items), ["Links"] = links };
                return (200, page.ToString(Newtonsoft.Json.Formatting.None));
            };
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var route = $"{request.Method} {request.RequestUri!.AbsolutePath}";
            Requests.Enqueue(route + request.RequestUri.Query);

            if (Interlocked.Decrement(ref _dropsLeft) >= 0)
            {
                throw new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer"));
            }

            if (!request.Headers.TryGetValues("X-Octopus-ApiKey", out var keys) || keys.Single() != _apiKey)
            {
                return Respond(401, "{\"ErrorMessage\":\"Either your API key is invalid, or your account has been disabled. Please contact your Octopus administrator.\"}");
            }

            if (route.StartsWith(FailRoutePrefix, StringComparison.OrdinalIgnoreCase) && FailRoutePrefix.Length > 0 && Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                return Respond(FailStatus, "{\"ErrorMessage\":\"Service unavailable\"}");
            }

            return Routes.TryGetValue(route, out var handler)
                ? Respond(handler(request))
                : Respond(404, "{\"ErrorMessage\":\"The resource was not found.\"}");
        }

        private static Task<HttpResponseMessage> Respond((int Status, string Body) response) => Respond(response.Status, response.Body);

        private static Task<HttpResponseMessage> Respond(int status, string body) =>
            Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
