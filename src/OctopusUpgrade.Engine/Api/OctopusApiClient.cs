using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Http;
using OctopusUpgrade.Engine.Api.Navigation;
using OctopusUpgrade.Engine.Api.Repositories;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// The typed Octopus REST API client, for every server generation from 2.x to today.
    /// <code>
    /// using var client = new OctopusApiClient(new Uri("https://octopus.example"), apiKey,
    ///     new OctopusApiClientOptions { Space = "Default", Reporter = reporter });
    /// var root = await client.GetRootAsync(ct);                        // version, links
    /// await foreach (var machine in client.Machines.GetAllAsync(ct)) { … }   // streamed page by page
    /// var task = await client.Tasks.CreateAsync(OctopusTaskRequest.Health("Check", environmentId), ct);
    /// </code>
    /// Operations are grouped by resource (<see cref="Tasks"/>, <see cref="Machines"/>, <see cref="Nodes"/>, …), as
    /// Octopus.Client's repositories are. It starts at <c>/api</c> and navigates only by the server's link templates, so
    /// a route is never guessed. The root document and the resolved space are read once and cached. GET and PUT are retried on transient
    /// failures; POSTs are not. Failures are <see cref="OctopusApiException"/>s. Thread-safe; dispose it when done.
    /// </summary>
    public sealed class OctopusApiClient : IDisposable
    {
        private readonly ApiTransport _transport;
        private readonly ApiNavigator _navigator;

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
            _transport = new ApiTransport(UrlRedactor.Redact(serverBase.Uri), apiKey ?? throw new ArgumentNullException(nameof(apiKey)), Options, handler);
            _navigator = new ApiNavigator(_transport, Options.Space, Options.PageSize);
            Tasks = new TaskRepository(_navigator);
            Machines = new MachineRepository(_navigator);
            Nodes = new ServerNodeRepository(_navigator);
            Server = new ServerRepository(_navigator);
            Feeds = new FeedRepository(_navigator);
            Maintenance = new MaintenanceRepository(_navigator);
            Spaces = new SpaceRepository(_navigator);
            Environments = new EnvironmentRepository(_navigator);
            Projects = new ProjectRepository(_navigator);
            Licenses = new LicenseRepository(_navigator);
            Configuration = new ConfigurationRepository(_navigator);
            ActionTemplates = new ActionTemplateRepository(_navigator);
            Lifecycles = new LifecycleRepository(_navigator);
            Deployments = new DeploymentRepository(_navigator);
        }

        /// <summary>The server's base address (no query, trailing slash).</summary>
        public Uri BaseAddress => _navigator.Server;

        public OctopusApiClientOptions Options { get; }

        public TaskRepository Tasks { get; }

        public MachineRepository Machines { get; }

        public ServerNodeRepository Nodes { get; }

        public ServerRepository Server { get; }

        public FeedRepository Feeds { get; }

        public MaintenanceRepository Maintenance { get; }

        public SpaceRepository Spaces { get; }

        public EnvironmentRepository Environments { get; }

        public ProjectRepository Projects { get; }

        public LicenseRepository Licenses { get; }

        public ConfigurationRepository Configuration { get; }

        public ActionTemplateRepository ActionTemplates { get; }

        public LifecycleRepository Lifecycles { get; }

        public DeploymentRepository Deployments { get; }

        /// <summary><c>GET /api</c>, read once and cached: the server's version and the links everything else starts from.</summary>
        public Task<OctopusRootDocument> GetRootAsync(CancellationToken cancellationToken = default) =>
            _navigator.GetRootAsync(cancellationToken);

        public void Dispose()
        {
            _transport.Dispose();
            _navigator.Dispose();
        }
    }
}
