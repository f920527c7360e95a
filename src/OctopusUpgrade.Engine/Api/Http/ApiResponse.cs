using System;
using System.Text;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>A fully read response: status and body bytes, so retries can judge it and the connection is released at once.</summary>
    internal sealed class ApiResponse
    {
        public ApiResponse(int statusCode, string? reasonPhrase, byte[] body, Uri? location = null)
        {
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase;
            Body = body;
            Location = location;
        }

        public int StatusCode { get; }

        public string? ReasonPhrase { get; }

        public byte[] Body { get; }

        /// <summary>Where a 3xx answer points; redirects are reported, never followed.</summary>
        public Uri? Location { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode <= 299;

        public string BodyText => Encoding.UTF8.GetString(Body);
    }
}
