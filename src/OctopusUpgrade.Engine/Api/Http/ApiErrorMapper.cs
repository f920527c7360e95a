using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Newtonsoft.Json;
using OctopusUpgrade.Engine.Api.Wire;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>
    /// Turns an HTTP failure into an <see cref="OctopusApiException"/> with a stable id and the server's own words.
    /// Every text that came from the server (reason phrase, message, errors, raw body) passes through <c>scrub</c>, which
    /// masks the API key in any form should a server echo it.
    /// </summary>
    internal static class ApiErrorMapper
    {
        // Enough of a non-JSON body (an HTML error page from a proxy) to recognise it, not enough to flood a console.
        private const int MaxRawBodyLength = 500;

        public static OctopusApiException FromResponse(HttpMethod method, Uri requestUri, Uri server, ApiResponse response, Func<string, string> scrub)
        {
            var (serverMessage, serverErrors) = ReadBody(response.BodyText, scrub);
            var url = UrlRedactor.Redact(requestUri);
            // The reason phrase is the server's text too: a proxy or a server may put the request's key in it.
            var status = $"HTTP {response.StatusCode}{(string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + scrub(response.ReasonPhrase!))}";
            var said = serverMessage is null ? string.Empty : $" The server said: {serverMessage}";
            var details = serverErrors.Count == 0 ? string.Empty : " " + string.Join(" ", serverErrors.Select(error => $"[{error}]"));

            var (errorId, category, explanation) = response.StatusCode switch
            {
                401 => (OctopusApiErrorIds.Unauthorized, FailureCategory.AuthenticationError,
                    $"The Octopus server at {server} rejected the API key ({status}). Check that the key is current and that its user is not disabled."),
                403 => (OctopusApiErrorIds.Forbidden, FailureCategory.PermissionDenied,
                    $"The Octopus server at {server} refused {method} {url} ({status}): the API key's user lacks the permission. Upgrades need an administrator's key."),
                404 => (OctopusApiErrorIds.NotFound, FailureCategory.ObjectNotFound,
                    $"{method} {url} found nothing ({status})."),
                >= 300 and < 400 => (OctopusApiErrorIds.Redirected, FailureCategory.InvalidArgument,
                    $"The Octopus server at {server} redirected {method} {url} to {(response.Location is null ? "another address" : UrlRedactor.Redact(response.Location).ToString())} ({status}). Redirects are not followed, so the API key only goes to the address given: use the address the server redirects to."),
                400 or 409 => (OctopusApiErrorIds.BadRequest, FailureCategory.InvalidArgument,
                    $"The Octopus server at {server} rejected {method} {url} as invalid ({status})."),
                _ => (OctopusApiErrorIds.ServerError, FailureCategory.ResourceUnavailable,
                    $"The Octopus server at {server} failed {method} {url} ({status})."),
            };

            return new OctopusApiException(errorId, category, explanation + said + details, url, response.StatusCode, serverMessage, serverErrors);
        }

        private static (string? Message, IReadOnlyList<string> Errors) ReadBody(string body, Func<string, string> scrub)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return (null, Array.Empty<string>());
            }

            ErrorBody? parsed = null;
            try
            {
                parsed = JsonConvert.DeserializeObject<ErrorBody>(body);
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, plain text): the raw body is the message, as Octopus's own client does.
            }

            if (parsed?.ErrorMessage is null && (parsed?.Errors is null || parsed.Errors.Count == 0))
            {
                var raw = body.Trim();
                return (scrub(raw.Length > MaxRawBodyLength ? raw.Substring(0, MaxRawBodyLength) + "…" : raw), Array.Empty<string>());
            }

            var errors = (parsed.Errors ?? new List<string>()).Select(scrub).ToList();
            return (parsed.ErrorMessage is null ? null : scrub(parsed.ErrorMessage), errors);
        }
    }
}
