using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Security;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>
    /// Sends one API request: adds the key header, times each attempt out, retries transient failures of idempotent
    /// calls only, reads the body whole (one document or one page), and maps failures to <see cref="OctopusApiException"/>.
    /// The key appears only in the request header: URLs are logged redacted and server texts are scrubbed of it.
    /// A caller's deadline is its cancellation token (<see cref="Execution.Deadline.Token"/>): it ends the attempt in
    /// flight whatever the per-attempt timeout, and a retry's back-off, so no request outlives the time its caller has.
    /// </summary>
    internal sealed class ApiTransport : IDisposable
    {
        private const string ApiKeyHeader = "X-Octopus-ApiKey";

        private static readonly ResiliencePropertyKey<string> RequestLabel = new("OctopusUpgrade.Api.Request");

        private readonly HttpClient _http;
        private readonly Secret _apiKey;
        private readonly SecretMasker _masker = new();
        private readonly IOperationReporter _reporter;
        private readonly ResiliencePipeline<ApiResponse> _idempotent;
        private readonly ResiliencePipeline<ApiResponse> _once;
        private readonly TimeSpan _requestTimeout;

        public ApiTransport(Uri serverBase, Secret apiKey, OctopusApiClientOptions options, HttpMessageHandler handler)
        {
            ServerBase = serverBase;
            _apiKey = apiKey;
            _masker.Add(apiKey);
            _reporter = options.Reporter;
            _requestTimeout = options.RequestTimeout;
            // Timeouts are per attempt, in the pipeline (on the injectable clock), so HttpClient's own stays out of the way.
            _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _idempotent = BuildPipeline(options, retry: true);
            _once = BuildPipeline(options, retry: false);
            Serializer = ApiJson.CreateSerializer();
        }

        /// <summary>The server's base URL with a trailing slash; links resolve against it.</summary>
        public Uri ServerBase { get; }

        public JsonSerializer Serializer { get; }

        /// <summary>
        /// Sends and returns the body parsed as <typeparamref name="T"/>. <paramref name="alsoSuccessful"/> names
        /// non-2xx statuses that still carry the document (the health endpoint's 418).
        /// </summary>
        public async Task<T> SendAsync<T>(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken, int alsoSuccessful = 0)
        {
            var response = await SendRawAsync(method, uri, body, cancellationToken).ConfigureAwait(false);
            return Parse<T>(method, uri, response, alsoSuccessful);
        }

        /// <summary>
        /// POSTs one file as multipart/form-data (the built-in feed's package upload), never retried: a lost answer does
        /// not mean the package was not stored. Returns the created document.
        /// </summary>
        public async Task<T> SendFileAsync<T>(Uri uri, string fileName, byte[] content, CancellationToken cancellationToken)
        {
            var response = await SendRawAsync(HttpMethod.Post, uri, new FilePayload(fileName, content), cancellationToken).ConfigureAwait(false);
            return Parse<T>(HttpMethod.Post, uri, response, 0);
        }

        public void Dispose() => _http.Dispose();

        private T Parse<T>(HttpMethod method, Uri uri, ApiResponse response, int alsoSuccessful)
        {
            if (!response.IsSuccess && response.StatusCode != alsoSuccessful)
            {
                throw ApiErrorMapper.FromResponse(method, uri, ServerBase, response, Scrub);
            }

            try
            {
                using var reader = new JsonTextReader(new StreamReader(new MemoryStream(response.Body), Encoding.UTF8));
                return Serializer.Deserialize<T>(reader)
                    ?? throw new JsonSerializationException("The response body was empty.");
            }
            catch (JsonException ex)
            {
                var url = UrlRedactor.Redact(uri);
                throw new OctopusApiException(
                    OctopusApiErrorIds.InvalidResponse,
                    FailureCategory.InvalidData,
                    $"{method} {url} returned HTTP {response.StatusCode} with a body that is not the expected Octopus document: {Scrub(ex.Message)}",
                    url,
                    response.StatusCode,
                    innerException: ScrubbedInner(ex));
            }
        }

        private async Task<ApiResponse> SendRawAsync(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken)
        {
            var url = UrlRedactor.Redact(uri);
            var label = $"{method} {url}";
            var payload = body is null or FilePayload ? null : JsonConvert.SerializeObject(body, Formatting.None);
            var file = body as FilePayload;
            // Only GET and PUT are retried: both name a whole document, so sending twice is harmless. A POST that
            // creates a task is never repeated, because a lost response does not mean the task was not queued.
            var pipeline = method == HttpMethod.Get || method == HttpMethod.Put ? _idempotent : _once;

            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RequestLabel, label);
            try
            {
                _reporter.Verbose(label);
                return await pipeline.ExecuteAsync(
                    static (ctx, state) => state.Transport.SendOnceAsync(state.Method, state.Uri, state.Payload, state.File, ctx.CancellationToken),
                    context,
                    (Transport: this, Method: method, Uri: uri, Payload: payload, File: file)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (TimeoutRejectedException ex)
            {
                throw Unreachable(label, url, $"no answer within {_requestTimeout.TotalSeconds:0.###} s", ScrubbedInner(ex));
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                throw Unreachable(label, url, Scrub(ex.GetBaseException().Message), ScrubbedInner(ex));
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private async ValueTask<ApiResponse> SendOnceAsync(HttpMethod method, Uri uri, string? payload, FilePayload? file, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Add(ApiKeyHeader, _apiKey.Reveal());
            request.Headers.Accept.ParseAdd("application/json");
            if (payload is not null)
            {
                request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
            }
            else if (file is not null)
            {
                var part = new ByteArrayContent(file.Content);
                part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                request.Content = new MultipartFormDataContent { { part, "fileData", file.FileName } };
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            // Read the whole body inside the attempt so a connection dropped mid-body is a transient failure too.
            using var buffer = new MemoryStream();
#if NET
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            var location = response.Headers.Location is { } target ? new Uri(uri, target) : null;
            return new ApiResponse((int)response.StatusCode, response.ReasonPhrase, buffer.ToArray(), location);
        }

        private ResiliencePipeline<ApiResponse> BuildPipeline(OctopusApiClientOptions options, bool retry)
        {
            var builder = new ResiliencePipelineBuilder<ApiResponse> { TimeProvider = options.TimeProvider };
            if (retry && options.RetryCount > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<ApiResponse>
                {
                    MaxRetryAttempts = options.RetryCount,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = new PredicateBuilder<ApiResponse>()
                        .Handle<TimeoutRejectedException>()
                        .Handle<Exception>(IsConnectionFailure)
                        .HandleResult(response => IsTransientStatus(response.StatusCode)),
                    OnRetry = args =>
                    {
                        var label = args.Context.Properties.GetValue(RequestLabel, "request");
                        var reason = args.Outcome.Exception is { } ex
                            ? Scrub(ex.GetBaseException().Message)
                            : $"HTTP {args.Outcome.Result?.StatusCode}";
                        _reporter.Verbose($"Retrying {label} in {args.RetryDelay.TotalSeconds:0.###} s after {reason} (retry {args.AttemptNumber + 1} of {options.RetryCount}).");
                        return default;
                    },
                });
            }

            return builder.AddTimeout(options.RequestTimeout).Build();
        }

        private static bool IsTransientStatus(int status) => status is 408 or 429 || status >= 500;

        private static bool IsConnectionFailure(Exception ex) => ex is HttpRequestException or IOException;

        private OctopusApiException Unreachable(string label, Uri url, string reason, Exception inner) =>
            new(OctopusApiErrorIds.Unreachable,
                FailureCategory.ConnectionError,
                $"The Octopus server at {ServerBase} could not be reached: {label} failed ({reason}). Check the URL, that the server is running, and the network between here and it.",
                url,
                innerException: inner);

        private string Scrub(string text) => _masker.Mask(text);

        /// <summary>
        /// The exception to keep as the inner one: itself when no message in its chain holds the key in any form,
        /// else a stand-in of the same kind of failure whose message is the scrubbed chain (an exception's own
        /// message cannot be changed, and whoever logs the inner exception must not log the key).
        /// </summary>
        private Exception ScrubbedInner(Exception ex)
        {
            var chain = new List<string>();
            for (var current = ex; current is not null; current = current.InnerException)
            {
                chain.Add(current.GetType().Name + ": " + current.Message);
            }

            var text = string.Join(" ---> ", chain);
            var scrubbed = Scrub(text);
            if (string.Equals(text, scrubbed, StringComparison.Ordinal))
            {
                return ex;
            }

            return ex switch
            {
                JsonException => new JsonSerializationException(scrubbed),
                IOException => new IOException(scrubbed),
                _ => new HttpRequestException(scrubbed),
            };
        }

        private sealed class FilePayload
        {
            public FilePayload(string fileName, byte[] content)
            {
                FileName = fileName;
                Content = content;
            }

            public string FileName { get; }

            public byte[] Content { get; }
        }
    }
}
