using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// A failed call to the Octopus REST API. Carries what the server said (<see cref="ServerErrorMessage"/>,
    /// <see cref="ServerErrors"/>) so a user sees Octopus's own explanation. <see cref="Errors.OctopusUpgradeException.Target"/>
    /// is the request URL without any <c>apikey</c> query; nothing here ever holds the API key.
    /// </summary>
    public sealed class OctopusApiException : OctopusUpgradeException
    {
        public OctopusApiException(
            string errorId,
            FailureCategory category,
            string message,
            Uri? requestUri = null,
            int? statusCode = null,
            string? serverErrorMessage = null,
            IReadOnlyList<string>? serverErrors = null,
            Exception? innerException = null)
            : base(errorId, category, message, requestUri, innerException)
        {
            RequestUri = requestUri;
            StatusCode = statusCode;
            ServerErrorMessage = serverErrorMessage;
            ServerErrors = serverErrors ?? Array.Empty<string>();
        }

        /// <summary>The URL called, with any <c>apikey</c> query removed.</summary>
        public Uri? RequestUri { get; }

        /// <summary>The HTTP status, or null when no response arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>The server's <c>ErrorMessage</c> (or its raw body when that was not JSON).</summary>
        public string? ServerErrorMessage { get; }

        /// <summary>The server's <c>Errors</c> list (validation failures on 400).</summary>
        public IReadOnlyList<string> ServerErrors { get; }
    }
}
