using System;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>
    /// Removes an <c>apikey</c> parameter before a URL is logged or put in an error. The client sends the key in a
    /// header, but a user-typed address or a link a server hands back could still carry one. Works on the text, not on
    /// <see cref="Uri.Query"/>, because some schemes (ftp) have no query component and keep the key, escaped, in the path.
    /// </summary>
    internal static class UrlRedactor
    {
        private static readonly Regex DanglingSeparator = new(@"(\?|&|%3[Ff]|%26)+$", RegexOptions.CultureInvariant);

        private static readonly Regex ApiKeyParameter = new(@"(?<=[?&;]|%3[Ff]|%26)apikey=[^&#]*&?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static Uri Redact(Uri uri)
        {
            var text = uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.OriginalString;
            var stripped = ApiKeyParameter.Replace(text, string.Empty);
            if (stripped.Length == text.Length)
            {
                return uri;
            }

            var redacted = DanglingSeparator.Replace(stripped, string.Empty);
            return new Uri(redacted, uri.IsAbsoluteUri ? UriKind.Absolute : UriKind.RelativeOrAbsolute);
        }
    }
}
