using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Http;
using OctopusUpgrade.Engine.Api.Wire;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// The typed Octopus REST API client, for every server generation from 2.x to today.
    /// <code>
    /// using var client = new OctopusApiClient(new Uri("https://octopus.example"), apiKey,
    ///     new OctopusApiClientOptions { Space = "Default", Reporter = reporter });
    /// var root = await client.GetRootAsync(ct);                 // version, links
    /// await foreach (var machine in client.GetMachinesAsync(ct)) { … }   // streamed page by page
    /// </code>
    /// It starts at <c>/api</c> and navigates only by the server's link templates, so a route is never guessed.
    /// The root document and the resolved space are read once and cached. GET and PUT are retried on transient
    /// failures; POSTs are not. Failures are <see cref="OctopusApiException"/>s. Thread-safe; dispose it when done.
    /// </summary>
    public sealed class OctopusApiClient : IDisposable
    {
        private static readonly string[] ActiveStates = { "Queued", "Executing", "Cancelling" };

        private readonly ApiTransport _transport;
        private readonly SemaphoreSlim _rootGate = new(1, 1);
        private readonly SemaphoreSlim _scopeGate = new(1, 1);
        private OctopusRootDocument? _root;
        private (OctopusSpace? Space, IReadOnlyDictionary<string, string> Links)? _scope;

        /// <param name="server">The server's address, e.g. <c>https://octopus.example</c> or <c>https://host/octopus</c>.</param>
        /// <param name="apiKey">An API key (<c>API-…</c>); sent only in the <c>X-Octopus-ApiKey</c> header.</param>
        /// <param name="options">Space, trusted thumbprint, timeouts, retries, clock and reporter; defaults when null.</param>
        public OctopusApiClient(Uri server, Secret apiKey, OctopusApiClientOptions? options = null)
            : this(server, apiKey, options, outerHandler: null)
        {
        }

        /// <summary>For tests: <paramref name="outerHandler"/> sees every request (to count or fault them) before the network does.</summary>
        internal OctopusApiClient(Uri server, Secret apiKey, OctopusApiClientOptions? options, DelegatingHandler? outerHandler)
        {
            if (server is null || !server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
            {
                throw new OctopusUpgradeException(
                    OctopusApiErrorIds.ServerUrlInvalid,
                    FailureCategory.InvalidArgument,
                    "The Octopus server address must be an absolute http or https URL, such as https://octopus.example.",
                    server is { IsAbsoluteUri: true } ? UrlRedactor.Redact(server).GetLeftPart(UriPartial.Authority) : null);
            }

            Options = options ?? new OctopusApiClientOptions();
            if (Options.PageSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "PageSize must be at least 1.");
            }

            var validator = ServerCertificateValidator.Create(Options.TrustedCertificateThumbprint);
            // No automatic redirects: .NET would carry the X-Octopus-ApiKey header to wherever a redirect points.
            var network = new HttpClientHandler { AllowAutoRedirect = false };
            if (validator is not null)
            {
                network.ServerCertificateCustomValidationCallback = validator.Validate;
            }

            HttpMessageHandler handler = network;
            if (outerHandler is not null)
            {
                outerHandler.InnerHandler = network;
                handler = outerHandler;
            }

            // The base is the application's address with a trailing slash (https://host/octopus/ for a virtual
            // directory); users often paste the API root, so a trailing "/api" is dropped.
            var serverBase = new UriBuilder(server) { Query = string.Empty, Fragment = string.Empty };
            var path = serverBase.Path.TrimEnd('/');
            serverBase.Path = (path.EndsWith("/api", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 4) : path) + "/";
            Server = UrlRedactor.Redact(serverBase.Uri);
            _transport = new ApiTransport(Server, apiKey ?? throw new ArgumentNullException(nameof(apiKey)), Options, handler);
        }

        /// <summary>The server's base address (no query, trailing slash).</summary>
        public Uri Server { get; }

        public OctopusApiClientOptions Options { get; }

        /// <summary><c>GET /api</c>, read once and cached.</summary>
        public async Task<OctopusRootDocument> GetRootAsync(CancellationToken cancellationToken = default)
        {
            if (_root is not null)
            {
                return _root;
            }

            await _rootGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _root ??= await _transport.SendAsync<OctopusRootDocument>(HttpMethod.Get, new Uri(Server, "api"), null, cancellationToken).ConfigureAwait(false);
                return _root;
            }
            finally
            {
                _rootGate.Release();
            }
        }

        /// <summary>The space the client works in (<see cref="OctopusApiClientOptions.Space"/> or the default), or null on servers before 2019.1.</summary>
        public async Task<OctopusSpace?> GetSpaceAsync(CancellationToken cancellationToken = default) =>
            (await ScopeAsync(cancellationToken).ConfigureAwait(false)).Space;

        public async IAsyncEnumerable<OctopusSpace> GetSpacesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (!root.HasSpaces)
            {
                yield break;
            }

            await foreach (var space in PageAsync<OctopusSpace>(root.Links, "Spaces", null, cancellationToken).ConfigureAwait(false))
            {
                yield return space;
            }
        }

        public async IAsyncEnumerable<OctopusEnvironment> GetEnvironmentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var links = await ScopedLinksAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var environment in PageAsync<OctopusEnvironment>(links, "Environments", null, cancellationToken).ConfigureAwait(false))
            {
                yield return environment;
            }
        }

        /// <summary>Every deployment target in the space, one page in memory at a time.</summary>
        public IAsyncEnumerable<OctopusMachine> GetMachinesAsync(CancellationToken cancellationToken = default) =>
            MachinesAsync("Machines", isWorker: false, cancellationToken);

        /// <summary>Every worker in the space; none on servers without workers (before 2018.x).</summary>
        public IAsyncEnumerable<OctopusMachine> GetWorkersAsync(CancellationToken cancellationToken = default) =>
            MachinesAsync("Workers", isWorker: true, cancellationToken);

        public async Task<OctopusMachine> GetMachineAsync(string machineId, CancellationToken cancellationToken = default)
        {
            var uri = ById(await ScopedLinksAsync(cancellationToken).ConfigureAwait(false), "Machines", machineId);
            var wire = await _transport.SendAsync<MachineWire>(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
            return wire.ToMachine(isWorker: false);
        }

        /// <summary>
        /// Tasks not yet completed (queued, executing, cancelling). Filters on the server where its link allows
        /// (<c>states</c>, else <c>active</c>) and always again here, so older servers give the same answer.
        /// </summary>
        /// <param name="acrossAllSpaces">
        /// False: the client's space only. True: every space plus system tasks (the server-level link with
        /// <c>spaces</c> and <c>includeSystem</c>), which is what draining before an upgrade must wait for. Servers
        /// without spaces have one task list, so both give the same.
        /// </param>
        /// <param name="cancellationToken">Stops the enumeration.</param>
        public async IAsyncEnumerable<OctopusTask> GetActiveTasksAsync(bool acrossAllSpaces = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var links = acrossAllSpaces ? root.Links : await ScopedLinksAsync(cancellationToken).ConfigureAwait(false);
            var template = RequireLink(links, "Tasks");
            var filter = new Dictionary<string, object>(StringComparer.Ordinal);
            if (LinkTemplate.Accepts(template, "states"))
            {
                filter["states"] = ActiveStates;
            }
            else if (LinkTemplate.Accepts(template, "active"))
            {
                filter["active"] = "true";
            }

            if (acrossAllSpaces && root.HasSpaces)
            {
                var spaceIds = new List<string>();
                await foreach (var space in GetSpacesAsync(cancellationToken).ConfigureAwait(false))
                {
                    spaceIds.Add(space.Id);
                }

                filter["spaces"] = spaceIds.ToArray();
                filter["includeSystem"] = "true";
            }

            await foreach (var task in PageAsync<OctopusTask>(links, "Tasks", filter, cancellationToken).ConfigureAwait(false))
            {
                if (!task.IsCompleted)
                {
                    yield return task;
                }
            }
        }

        /// <summary>A task by id; tasks are readable server-wide, so this uses the server-level link.</summary>
        public async Task<OctopusTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var uri = ById(root.Links, "Tasks", taskId);
            return await _transport.SendAsync<OctopusTask>(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A task with its activity tree, through the task's own <c>Details</c> link.</summary>
        public async Task<OctopusTaskDetails> GetTaskDetailsAsync(string taskId, CancellationToken cancellationToken = default)
        {
            var task = await GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            var template = RequireLink(task.Links, "Details");
            var verbose = LinkTemplate.Accepts(template, "verbose")
                ? new Dictionary<string, object>(StringComparer.Ordinal) { ["verbose"] = "true" }
                : null;
            return await _transport.SendAsync<OctopusTaskDetails>(HttpMethod.Get, Expand(task.Links, "Details", verbose), null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Queues a task. Sent exactly once: a POST is never retried, since a lost answer does not mean the task was
        /// not queued, and two Tentacle upgrades or backups must not race.
        /// </summary>
        public async Task<OctopusTask> CreateTaskAsync(OctopusTaskRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var scope = await ScopeAsync(cancellationToken).ConfigureAwait(false);
            var links = request.IsSystemTask ? root.Links : scope.Links;
            var body = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["Name"] = request.Name,
                ["Description"] = request.Description,
                ["Arguments"] = request.Arguments,
            };
            if (!request.IsSystemTask && scope.Space is not null)
            {
                body["SpaceId"] = scope.Space.Id;
            }

            return await _transport.SendAsync<OctopusTask>(HttpMethod.Post, Expand(links, "Tasks", null), body, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Asks the server to cancel a task (sent once, not retried).</summary>
        public async Task<OctopusTask> CancelTaskAsync(string taskId, CancellationToken cancellationToken = default)
        {
            var task = await GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            return await _transport.SendAsync<OctopusTask>(HttpMethod.Post, Expand(task.Links, "Cancel", null), null, cancellationToken).ConfigureAwait(false);
        }

        public async Task<OctopusMaintenanceConfiguration> GetMaintenanceConfigurationAsync(CancellationToken cancellationToken = default) =>
            await GetRootLinkAsync<OctopusMaintenanceConfiguration>("MaintenanceConfiguration", cancellationToken).ConfigureAwait(false);

        /// <summary>Turns server-wide maintenance mode on or off (a PUT of the whole document, so safe to retry).</summary>
        public async Task<OctopusMaintenanceConfiguration> SetMaintenanceModeAsync(bool isInMaintenanceMode, CancellationToken cancellationToken = default)
        {
            var current = await GetMaintenanceConfigurationAsync(cancellationToken).ConfigureAwait(false);
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var body = new { Id = current.Id ?? "maintenance", IsInMaintenanceMode = isInMaintenanceMode };
            return await _transport.SendAsync<OctopusMaintenanceConfiguration>(HttpMethod.Put, Expand(root.Links, "MaintenanceConfiguration", null), body, cancellationToken).ConfigureAwait(false);
        }

        public async IAsyncEnumerable<OctopusServerNode> GetServerNodesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var node in PageAsync<OctopusServerNode>(root.Links, "OctopusServerNodes", null, cancellationToken).ConfigureAwait(false))
            {
                yield return node;
            }
        }

        /// <summary>Every node with its live state (offline, running task count); 2019.x and later.</summary>
        public async Task<IReadOnlyList<OctopusServerNode>> GetServerNodeSummaryAsync(CancellationToken cancellationToken = default) =>
            (await GetRootLinkAsync<ClusterSummary>("OctopusServerClusterSummary", cancellationToken).ConfigureAwait(false)).Nodes;

        /// <summary>Drains (true) or resumes (false) one HA node by its own maintenance flag.</summary>
        public async Task<OctopusServerNode> SetServerNodeMaintenanceModeAsync(OctopusServerNode node, bool isInMaintenanceMode, CancellationToken cancellationToken = default)
        {
            if (node is null)
            {
                throw new ArgumentNullException(nameof(node));
            }

            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var uri = node.Links.TryGetValue("Self", out var self) ? Resolve(self)
                : node.Links.TryGetValue("Node", out var link) ? Resolve(link)
                : ById(root.Links, "OctopusServerNodes", node.Id);
            var body = new { node.Id, node.Name, node.MaxConcurrentTasks, IsInMaintenanceMode = isInMaintenanceMode };
            return await _transport.SendAsync<OctopusServerNode>(HttpMethod.Put, uri, body, cancellationToken).ConfigureAwait(false);
        }

        public async Task<OctopusServerStatus> GetServerStatusAsync(CancellationToken cancellationToken = default) =>
            await GetRootLinkAsync<OctopusServerStatus>("ServerStatus", cancellationToken).ConfigureAwait(false);

        /// <summary>Cluster health. Swagger documents 200 and 418 with the same document (418 presumably "not operating normally"), so 418 is read, not thrown.</summary>
        public async Task<OctopusServerHealth> GetServerHealthAsync(CancellationToken cancellationToken = default)
        {
            // 2019+ roots link it directly; older servers only from the server status document.
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var uri = root.Links.ContainsKey("ServerHealthStatus")
                ? Expand(root.Links, "ServerHealthStatus", null)
                : Expand((await GetServerStatusAsync(cancellationToken).ConfigureAwait(false)).Links, "Health", null);
            return await _transport.SendAsync<OctopusServerHealth>(HttpMethod.Get, uri, null, cancellationToken, alsoSuccessful: 418).ConfigureAwait(false);
        }

        public async Task<OctopusLicenseStatus> GetLicenseStatusAsync(CancellationToken cancellationToken = default) =>
            await GetRootLinkAsync<OctopusLicenseStatus>("CurrentLicenseStatus", cancellationToken).ConfigureAwait(false);

        /// <summary>The server's folders: the configuration section <c>server-folders</c>, then its <c>Values</c> link.</summary>
        public async Task<OctopusServerFolders> GetServerFoldersAsync(CancellationToken cancellationToken = default)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var section = await _transport.SendAsync<LinkedDocument>(
                HttpMethod.Get,
                ById(root.Links, "Configuration", "server-folders"),
                null,
                cancellationToken).ConfigureAwait(false);
            return await _transport.SendAsync<OctopusServerFolders>(HttpMethod.Get, Expand(section.Links, "Values", null), null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// How many packages the server's index of its built-in feed holds in the space: <c>TotalResults</c> of the
        /// <c>Packages</c> collection (3.x and later), read as a one-item page. It reports the index, not the disk, so
        /// it trails copied files until a re-index has run.
        /// </summary>
        public async Task<int> GetBuiltInPackageCountAsync(CancellationToken cancellationToken = default)
        {
            var links = await ScopedLinksAsync(cancellationToken).ConfigureAwait(false);
            var uri = Expand(links, "Packages", new Dictionary<string, object> { ["take"] = 1 });
            var page = await _transport.SendAsync<ResourceCollection<LinkedDocument>>(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
            return page.TotalResults ?? page.Items.Count;
        }

        public void Dispose()
        {
            _transport.Dispose();
            _rootGate.Dispose();
            _scopeGate.Dispose();
        }

        private async IAsyncEnumerable<OctopusMachine> MachinesAsync(string linkName, bool isWorker, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var links = await ScopedLinksAsync(cancellationToken).ConfigureAwait(false);
            if (isWorker && !links.ContainsKey(linkName))
            {
                yield break;
            }

            await foreach (var wire in PageAsync<MachineWire>(links, linkName, null, cancellationToken).ConfigureAwait(false))
            {
                yield return wire.ToMachine(isWorker);
            }
        }

        /// <summary>
        /// Streams a collection one page at a time. Where the link accepts <c>skip</c> and <c>take</c>, pages are asked
        /// for by expanding it (so the page size is ours, and <c>TotalResults</c> ends the walk without an empty extra
        /// page); otherwise the server's <c>Page.Next</c> links are followed until there is none.
        /// </summary>
        private async IAsyncEnumerable<T> PageAsync<T>(
            IReadOnlyDictionary<string, string> links,
            string linkName,
            IReadOnlyDictionary<string, object>? filter,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var template = RequireLink(links, linkName);
            var bySkipTake = LinkTemplate.Accepts(template, "skip") && LinkTemplate.Accepts(template, "take");
            var skip = 0;
            var next = bySkipTake ? PageUri(links, linkName, filter, skip) : Expand(links, linkName, filter);
            while (true)
            {
                var page = await _transport.SendAsync<ResourceCollection<T>>(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items)
                {
                    yield return item;
                }

                skip += page.Items.Count;
                page.Links.TryGetValue("Page.Next", out var nextLink);
                var more = page.Items.Count > 0 && (page.TotalResults is int total ? skip < total : nextLink is not null);
                if (!more)
                {
                    yield break;
                }

                next = bySkipTake || nextLink is null ? PageUri(links, linkName, filter, skip) : Resolve(nextLink);
            }
        }

        private Uri PageUri(IReadOnlyDictionary<string, string> links, string linkName, IReadOnlyDictionary<string, object>? filter, int skip)
        {
            var variables = filter is null
                ? new Dictionary<string, object>(StringComparer.Ordinal)
                : filter.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            variables["skip"] = skip.ToString(CultureInfo.InvariantCulture);
            if (LinkTemplate.Accepts(links[linkName], "take"))
            {
                variables["take"] = Options.PageSize.ToString(CultureInfo.InvariantCulture);
            }

            return Expand(links, linkName, variables);
        }

        private async Task<T> GetRootLinkAsync<T>(string linkName, CancellationToken cancellationToken)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            return await _transport.SendAsync<T>(HttpMethod.Get, Expand(root.Links, linkName, null), null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The document with the given id under a collection link. Servers since 3.x declare <c>{/id}</c>; the 2.x
        /// templates did not, and there the id is added as one more RFC 6570 path segment of the expanded link.
        /// </summary>
        private Uri ById(IReadOnlyDictionary<string, string> links, string linkName, string id)
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

        private async Task<IReadOnlyDictionary<string, string>> ScopedLinksAsync(CancellationToken cancellationToken) =>
            (await ScopeAsync(cancellationToken).ConfigureAwait(false)).Links;

        /// <summary>
        /// Resolves the space once. The root document's space-scoped links already point at the default space, so the
        /// default costs one request (the space list); another space's links come from its own <c>SpaceHome</c>.
        /// </summary>
        private async Task<(OctopusSpace? Space, IReadOnlyDictionary<string, string> Links)> ScopeAsync(CancellationToken cancellationToken)
        {
            if (_scope is { } cached)
            {
                return cached;
            }

            await _scopeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _scope ??= await ResolveScopeAsync(cancellationToken).ConfigureAwait(false);
                return _scope.Value;
            }
            finally
            {
                _scopeGate.Release();
            }
        }

        private async Task<(OctopusSpace? Space, IReadOnlyDictionary<string, string> Links)> ResolveScopeAsync(CancellationToken cancellationToken)
        {
            var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
            var wanted = Options.Space;
            if (!root.HasSpaces)
            {
                if (!string.IsNullOrWhiteSpace(wanted))
                {
                    throw new OctopusApiException(
                        OctopusApiErrorIds.SpaceNotFound,
                        FailureCategory.InvalidArgument,
                        $"The Octopus server at {Server} is version {root.Version}, which has no spaces (they arrived in 2019.1), but space '{wanted}' was asked for. Leave the space out for this server.");
                }

                return (null, root.Links);
            }

            OctopusSpace? found = null;
            await foreach (var space in GetSpacesAsync(cancellationToken).ConfigureAwait(false))
            {
                var matches = string.IsNullOrWhiteSpace(wanted)
                    ? space.IsDefault
                    : string.Equals(space.Id, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(space.Name, wanted, StringComparison.OrdinalIgnoreCase);
                if (matches)
                {
                    found = space;
                    break;
                }
            }

            if (found is null)
            {
                throw new OctopusApiException(
                    OctopusApiErrorIds.SpaceNotFound,
                    FailureCategory.ObjectNotFound,
                    string.IsNullOrWhiteSpace(wanted)
                        ? $"The Octopus server at {Server} has no default space. Name the space to use."
                        : $"The Octopus server at {Server} has no space named or numbered '{wanted}'.");
            }

            if (found.IsDefault)
            {
                return (found, root.Links);
            }

            var home = found.Links.TryGetValue("SpaceHome", out var spaceHome)
                ? Resolve(spaceHome)
                : Expand(root.Links, "SpaceHome", new Dictionary<string, object>(StringComparer.Ordinal) { ["spaceId"] = found.Id });
            var document = await _transport.SendAsync<LinkedDocument>(HttpMethod.Get, home, null, cancellationToken).ConfigureAwait(false);
            return (found, document.Links);
        }

        private string RequireLink(IReadOnlyDictionary<string, string> links, string linkName)
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

        private Uri Expand(IReadOnlyDictionary<string, string> links, string linkName, IReadOnlyDictionary<string, object>? variables) =>
            Resolve(LinkTemplate.Expand(RequireLink(links, linkName), variables ?? new Dictionary<string, object>()));

        /// <summary>
        /// Resolves a link as a browser would: "/api/…" against the host (a server in a virtual directory already
        /// includes it in its links), "~/…" against the application base. An absolute link is followed only to the same
        /// scheme, host and port: the key must never be sent to another server.
        /// </summary>
        private Uri Resolve(string href)
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
    }
}
