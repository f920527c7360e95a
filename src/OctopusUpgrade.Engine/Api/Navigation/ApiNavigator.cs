using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Http;
using OctopusUpgrade.Engine.Api.Wire;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Api.Navigation
{
    /// <summary>
    /// Finds every route by the server's own links: the root document (read once), the space's links (resolved once),
    /// RFC 6570 templates expanded with only the variables they declare, and hrefs resolved as a browser would, never
    /// to another host. Every repository goes through it, so a route is never guessed.
    /// </summary>
    internal sealed class ApiNavigator : IDisposable
    {
        private readonly SemaphoreSlim _rootGate = new(1, 1);
        private readonly SemaphoreSlim _scopeGate = new(1, 1);
        private readonly string? _wantedSpace;
        private OctopusRootDocument? _root;
        private SpaceScope? _scope;

        public ApiNavigator(ApiTransport transport, string? wantedSpace, int pageSize)
        {
            Transport = transport;
            _wantedSpace = wantedSpace;
            Collections = new CollectionReader(this, pageSize);
        }

        public ApiTransport Transport { get; }

        public CollectionReader Collections { get; }

        /// <summary>The server's base address (no query, trailing slash).</summary>
        public Uri Server => Transport.ServerBase;

        public async Task<OctopusRootDocument> GetRootAsync(CancellationToken cancellationToken)
        {
            if (_root is not null)
            {
                return _root;
            }

            await _rootGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _root ??= await Transport.SendAsync<OctopusRootDocument>(HttpMethod.Get, new Uri(Server, "api"), null, cancellationToken).ConfigureAwait(false);
                return _root;
            }
            finally
            {
                _rootGate.Release();
            }
        }

        /// <summary>
        /// The space the client works in and its links, resolved once. The root's space-scoped links already point at the
        /// default space, so the default costs one request (the space list); another space's links come from its <c>SpaceHome</c>.
        /// </summary>
        public async Task<SpaceScope> GetScopeAsync(CancellationToken cancellationToken)
        {
            if (_scope is not null)
            {
                return _scope;
            }

            await _scopeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _scope ??= await ResolveScopeAsync(cancellationToken).ConfigureAwait(false);
                return _scope;
            }
            finally
            {
                _scopeGate.Release();
            }
        }

        /// <summary>Every item of the client's space's collection <paramref name="linkName"/>, page by page.</summary>
        public async IAsyncEnumerable<T> ReadScopedAsync<T>(string linkName, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var links = (await GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            await foreach (var item in Collections.ReadAsync<T>(links, linkName, null, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }

        public async Task<T> GetRootLinkAsync<T>(string linkName, CancellationToken cancellationToken)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            return await Transport.SendAsync<T>(HttpMethod.Get, Expand(root.Links, linkName, null), null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Runs <paramref name="call"/> with the space's links; where the server lacks <paramref name="linkName"/> (a 2.x
        /// root), with the <see cref="LegacyRoutes"/> route for it, and a 404 from that route says which route it was.
        /// </summary>
        public async Task<T> WithLinkAsync<T>(string linkName, Func<IReadOnlyDictionary<string, string>, Task<T>> call, CancellationToken cancellationToken)
        {
            var links = (await GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            if (!LegacyRoutes.Fills(links, linkName))
            {
                return await call(links).ConfigureAwait(false);
            }

            try
            {
                return await call(LegacyRoutes.Complete(links)).ConfigureAwait(false);
            }
            catch (OctopusApiException notFound) when (notFound.StatusCode == 404)
            {
                var version = _root?.Version?.ToString() ?? "unknown";
                throw new OctopusApiException(
                    OctopusApiErrorIds.LegacyRouteMissing,
                    FailureCategory.NotImplemented,
                    $"The Octopus server at {Server} (version {version}) has no '{linkName}' link, and the 2.x route {LegacyRoutes.Template(linkName)} answered 404.",
                    notFound.RequestUri,
                    404,
                    innerException: notFound);
            }
        }

        public string RequireLink(IReadOnlyDictionary<string, string> links, string linkName)
        {
            if (links.TryGetValue(linkName, out var template) && !string.IsNullOrWhiteSpace(template))
            {
                return template;
            }

            var version = _root?.Version?.ToString() ?? "unknown";
            throw new OctopusApiException(
                OctopusApiErrorIds.LinkMissing,
                FailureCategory.NotImplemented,
                $"The Octopus server at {Server} (version {version}) does not offer the '{linkName}' link, so this operation is not available on it.");
        }

        public Uri Expand(IReadOnlyDictionary<string, string> links, string linkName, IReadOnlyDictionary<string, object>? variables) =>
            Resolve(LinkTemplate.Expand(RequireLink(links, linkName), variables ?? new Dictionary<string, object>()));

        /// <summary>
        /// The document with the given id under a collection link. Servers since 3.x declare <c>{/id}</c>; the 2.x
        /// templates did not, and there the id is added as one more RFC 6570 path segment of the expanded link.
        /// </summary>
        public Uri ById(IReadOnlyDictionary<string, string> links, string linkName, string id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException("An id is required.", nameof(id));
            }

            var variables = new Dictionary<string, object>(StringComparer.Ordinal) { ["id"] = id };
            if (LinkTemplate.Accepts(RequireLink(links, linkName), "id"))
            {
                return Expand(links, linkName, variables);
            }

            var collection = Expand(links, linkName, null).GetLeftPart(UriPartial.Path);
            return Resolve(LinkTemplate.Expand(collection + "{/id}", variables));
        }

        /// <summary>
        /// Resolves a link as a browser would: "/api/…" against the host (a server in a virtual directory already
        /// includes it in its links), "~/…" against the application base. An absolute link is followed only to the same
        /// scheme, host and port: the key must never be sent to another server.
        /// </summary>
        public Uri Resolve(string href)
        {
            if (href.StartsWith("~/", StringComparison.Ordinal))
            {
                return new Uri(Server, href.Substring(2));
            }

            if (!Uri.TryCreate(href, UriKind.Absolute, out var absolute) || (absolute.Scheme != Uri.UriSchemeHttp && absolute.Scheme != Uri.UriSchemeHttps))
            {
                return new Uri(Server, href);
            }

            if (Uri.Compare(absolute, Server, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return absolute;
            }

            var target = UrlRedactor.Redact(absolute);
            throw new OctopusApiException(
                OctopusApiErrorIds.ForeignLink,
                FailureCategory.InvalidData,
                $"The Octopus server at {Server} linked to {target}, on another host. The client does not follow it, so the API key only goes to the server given.",
                target);
        }

        public void Dispose()
        {
            _rootGate.Dispose();
            _scopeGate.Dispose();
        }

        private async Task<SpaceScope> ResolveScopeAsync(CancellationToken cancellationToken)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (!root.HasSpaces)
            {
                return string.IsNullOrWhiteSpace(_wantedSpace)
                    ? new SpaceScope(null, root.Links)
                    : throw new OctopusApiException(
                        OctopusApiErrorIds.SpaceNotFound,
                        FailureCategory.InvalidArgument,
                        $"The Octopus server at {Server} is version {root.Version}, which has no spaces (they arrived in 2019.1), but space '{_wantedSpace}' was asked for. Leave the space out for this server.");
            }

            var found = await Collections.FirstAsync<OctopusSpace>(root.Links, "Spaces", Matches, cancellationToken).ConfigureAwait(false)
                ?? throw new OctopusApiException(
                    OctopusApiErrorIds.SpaceNotFound,
                    FailureCategory.ObjectNotFound,
                    string.IsNullOrWhiteSpace(_wantedSpace)
                        ? $"The Octopus server at {Server} has no default space. Name the space to use."
                        : $"The Octopus server at {Server} has no space named or numbered '{_wantedSpace}'.");
            if (found.IsDefault)
            {
                return new SpaceScope(found, root.Links);
            }

            var home = found.Links.TryGetValue("SpaceHome", out var spaceHome)
                ? Resolve(spaceHome)
                : Expand(root.Links, "SpaceHome", new Dictionary<string, object>(StringComparer.Ordinal) { ["spaceId"] = found.Id });
            var document = await Transport.SendAsync<LinkedDocument>(HttpMethod.Get, home, null, cancellationToken).ConfigureAwait(false);
            return new SpaceScope(found, document.Links);
        }

        private bool Matches(OctopusSpace space) => string.IsNullOrWhiteSpace(_wantedSpace)
            ? space.IsDefault
            : string.Equals(space.Id, _wantedSpace, StringComparison.OrdinalIgnoreCase) || string.Equals(space.Name, _wantedSpace, StringComparison.OrdinalIgnoreCase);
    }
}
