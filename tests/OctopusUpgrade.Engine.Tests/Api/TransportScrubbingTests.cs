using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>
    /// A server or proxy that echoes the key in some other form (lower case, URL-encoded, base64, JSON-escaped) in
    /// its reason phrase, body or connection error: the key appears nowhere in the exception, inner ones included.
    /// </summary>
    public sealed class TransportScrubbingTests
    {
        private const string Key = "API-ABCDEF/GHIJ0123456789";

        public static TheoryData<string> Echoes() => new()
        {
            Key.ToLowerInvariant(),
            Uri.EscapeDataString(Key),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)),
            Key.Replace("/", "\\/"),
        };

        [Theory]
        [MemberData(nameof(Echoes))]
        public async Task A_key_echoed_in_the_reason_phrase_or_body_is_masked(string echo)
        {
            using var client = Client(new EchoingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                ReasonPhrase = "Bad key " + echo,
                Content = new StringContent("{\"ErrorMessage\":\"Unknown key " + echo + "\"}", Encoding.UTF8, "application/json"),
            }));

            var error = await Assert.ThrowsAsync<OctopusApiException>(() => client.GetRootAsync());

            Assert.DoesNotContain(echo, error.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Bad key ********", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(Echoes))]
        public async Task A_key_echoed_in_a_connection_failure_is_masked_in_the_inner_exceptions_too(string echo)
        {
            using var client = Client(new EchoingHandler(_ => throw new HttpRequestException("Proxy refused " + echo, new IOException("header was " + echo))));

            var error = await Assert.ThrowsAsync<OctopusApiException>(() => client.GetRootAsync());

            Assert.Equal(OctopusApiErrorIds.Unreachable, error.ErrorId);
            Assert.NotNull(error.InnerException);
            Assert.DoesNotContain(echo, error.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        private static OctopusApiClient Client(DelegatingHandler handler) =>
            new(new Uri("https://octopus.example/"), new Secret(Key), new OctopusApiClientOptions { RetryCount = 0 }, handler);

        private sealed class EchoingHandler : DelegatingHandler
        {
            private readonly Func<HttpRequestMessage, HttpResponseMessage> _respond;

            public EchoingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond)
            {
                _respond = respond;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(_respond(request));
        }
    }
}
