using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>Counts the requests the client really sends (retries included) on their way to the network.</summary>
    internal sealed class CountingHandler : DelegatingHandler
    {
        public ConcurrentQueue<string> Requests { get; } = new();

        public int Count(string method, string pathPrefix) =>
            Requests.Count(r => r.StartsWith(method + " " + pathPrefix, StringComparison.OrdinalIgnoreCase));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
