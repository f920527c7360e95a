namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// The stable <see cref="Errors.OctopusUpgradeException.ErrorId"/> values the API client raises. Scripts and Pester
    /// tests match on these, so they never change once shipped.
    /// </summary>
    public static class OctopusApiErrorIds
    {
        public const string Prefix = "OctopusApi";

        /// <summary>The server address given to the client is not an absolute http or https URI.</summary>
        public const string ServerUrlInvalid = "OctopusApiServerUrlInvalid";

        /// <summary>The trusted certificate thumbprint given is not a SHA-1 or SHA-256 thumbprint.</summary>
        public const string InvalidThumbprint = "OctopusApiInvalidThumbprint";

        /// <summary>HTTP 401: the server rejected the API key (or none reached it).</summary>
        public const string Unauthorized = "OctopusApiUnauthorized";

        /// <summary>HTTP 403: the key is valid but its user lacks the permission.</summary>
        public const string Forbidden = "OctopusApiForbidden";

        /// <summary>HTTP 404.</summary>
        public const string NotFound = "OctopusApiNotFound";

        /// <summary>HTTP 400 or 409: the server refused the request as invalid; see the server's Errors.</summary>
        public const string BadRequest = "OctopusApiBadRequest";

        /// <summary>HTTP 3xx: the server sent the client elsewhere (often http to https). Not followed, so the key only goes where it was told.</summary>
        public const string Redirected = "OctopusApiRedirected";

        /// <summary>A link in a server document points at another host; not followed, for the same reason.</summary>
        public const string ForeignLink = "OctopusApiForeignLink";

        /// <summary>HTTP 5xx, or any other status the client does not expect.</summary>
        public const string ServerError = "OctopusApiServerError";

        /// <summary>No HTTP answer: connection refused or dropped, DNS or TLS failure, or every attempt timed out.</summary>
        public const string Unreachable = "OctopusApiUnreachable";

        /// <summary>The server answered with a body the client cannot read as the expected document.</summary>
        public const string InvalidResponse = "OctopusApiInvalidResponse";

        /// <summary>The server's documents do not offer a link the operation needs (usually: too old a version).</summary>
        public const string LinkMissing = "OctopusApiLinkMissing";

        /// <summary>A 2.x server lacks a root link and answered 404 on the documented 2.x route used instead (<see cref="Navigation.LegacyRoutes"/>).</summary>
        public const string LegacyRouteMissing = "OctopusApiLegacyRouteMissing";

        /// <summary>The requested space does not exist, or spaces were asked for on a server without them.</summary>
        public const string SpaceNotFound = "OctopusApiSpaceNotFound";
    }
}
