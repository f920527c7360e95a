using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// JSON and error responses. Error bodies follow the 2013 API docs and the client's error contract: <c>ErrorMessage</c>,
    /// plus <c>Errors[]</c> on 400 and <c>FullException</c> on 500. The message texts are the documented examples.
    /// </summary>
    internal static class ApiResponses
    {
        public const string Unauthorized = "Either your API key is invalid, or your account has been disabled. Please contact your Octopus administrator.";
        public const string Forbidden = "You do not have permission to perform this action. Please see your Octopus administrator.";
        public const string NotFound = "The resource was not found..";
        public const string BadRequest = "There was a problem with your request.";

        // Relaxed escaping writes "+00:00" and "<" as Octopus does, not as \u002B escapes.
        private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>
        /// Wraps an async handler taking only the context, which minimal APIs would otherwise bind as a RequestDelegate
        /// and whose result they would discard.
        /// </summary>
        public static Delegate Async(Func<HttpContext, Task<IResult>> handler) => handler;

        public static IResult Json(JsonNode node, int statusCode = StatusCodes.Status200OK) =>
            Results.Content(node.ToJsonString(Indented), "application/json", Encoding.UTF8, statusCode);

        public static IResult Error(int statusCode, string message) =>
            Json(ErrorBody(statusCode, message, []), statusCode);

        public static IResult Invalid(params string[] errors) =>
            Json(ErrorBody(StatusCodes.Status400BadRequest, BadRequest, errors), StatusCodes.Status400BadRequest);

        public static IResult NotFoundError() => Error(StatusCodes.Status404NotFound, NotFound);

        /// <summary>The documented error body for a status code.</summary>
        public static JsonObject ErrorBody(int statusCode, string message, IReadOnlyCollection<string> errors)
        {
            var body = new JsonObject { ["ErrorMessage"] = message };
            if (statusCode == StatusCodes.Status400BadRequest)
            {
                body["Errors"] = new JsonArray(errors.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray());
            }
            else if (statusCode >= 500)
            {
                body["FullException"] = "OctopusUpgrade.Sandbox.InjectedFaultException: HTTP " + statusCode + " injected by the sandbox.";
            }

            return body;
        }

        /// <summary>Writes an error straight to the response, for middleware, which has no IResult to return.</summary>
        public static Task WriteError(HttpContext context, int statusCode, string message)
        {
            context.Response.StatusCode = statusCode;
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(ErrorBody(statusCode, message, []).ToJsonString(Indented));
        }

        /// <summary>Serves <paramref name="produce"/> if the feature exists on this version and the result is found; 404 otherwise.</summary>
        public static IResult Guard(bool available, Func<JsonNode?> produce) =>
            available && produce() is { } node ? Json(node) : NotFoundError();

        /// <summary>Awaits a handler that exists only on some versions.</summary>
        public static Task<IResult> Guard(bool available, Func<Task<IResult>> produce) =>
            available ? produce() : Task.FromResult(NotFoundError());

        /// <summary>The node as JSON, or 404 when there is none.</summary>
        public static IResult Found(JsonNode? node) => node is null ? NotFoundError() : Json(node);
    }
}
