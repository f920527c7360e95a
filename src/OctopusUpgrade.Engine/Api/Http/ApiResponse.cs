using System.Text;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>A fully read response: status and body bytes, so retries can judge it and the connection is released at once.</summary>
    internal sealed class ApiResponse
    {
        public ApiResponse(int statusCode, string? reasonPhrase, byte[] body)
        {
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase;
            Body = body;
        }

        public int StatusCode { get; }

        public string? ReasonPhrase { get; }

        public byte[] Body { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode <= 299;

        public string BodyText => Encoding.UTF8.GetString(Body);
    }
}
