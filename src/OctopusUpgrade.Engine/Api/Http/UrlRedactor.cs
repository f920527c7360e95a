using System;
using System.Linq;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>
    /// Removes an <c>apikey</c> query parameter before a URL is logged or put in an error. The client sends the key in
    /// a header, but a link a server hands back could still carry one.
    /// </summary>
    internal static class UrlRedactor
    {
        public static Uri Redact(Uri uri)
        {
            if (string.IsNullOrEmpty(uri.Query))
            {
                return uri;
            }

            var kept = uri.Query.TrimStart('?')
                .Split('&')
                .Where(pair => !pair.Split('=')[0].Equals("apikey", StringComparison.OrdinalIgnoreCase));
            return new UriBuilder(uri) { Query = string.Join("&", kept) }.Uri;
        }
    }
}
