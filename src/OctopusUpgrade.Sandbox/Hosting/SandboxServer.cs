using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// A running sandbox: a simulated Octopus estate answering the Octopus REST API on 127.0.0.1, and its SQL Server
    /// speaking TDS on another 127.0.0.1 port. Process mode
    /// (<c>start</c>) and in-process tests use this same class.
    /// </summary>
    public sealed class SandboxServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly CancellationTokenSource _pumpStop = new();
        private readonly Task _pump;
        private readonly bool _ownsHome;
        private readonly SqlEndpoint _sql;

        private SandboxServer(WebApplication app, SandboxContext context, SqlEndpoint sql, Uri serverUrl, string installPath, bool ownsHome)
        {
            _app = app;
            _sql = sql;
            _ownsHome = ownsHome;
            Estate = context.Estate;
            Faults = context.Faults;
            ServerUrl = serverUrl;
            ControlUrl = new Uri(serverUrl, "sandbox/");
            InstallPath = installPath;
            ControlToken = context.ControlToken;
            _pump = Task.Run(() => context.Queue.RunAsync(_pumpStop.Token));
        }

        /// <summary>Base URL, e.g. <c>http://127.0.0.1:54321/</c>; the API root is <c>{ServerUrl}api</c>.</summary>
        public Uri ServerUrl { get; }

        /// <summary>
        /// Each node's own base URL, by node name: the API answers there too, and <c>/api/octopusservernodes/ping</c> there
        /// speaks for that node (200, 418 while draining, no answer while offline), as load balancers call each node.
        /// </summary>
        public IReadOnlyDictionary<string, Uri> NodeUrls { get; private init; } = new Dictionary<string, Uri>();

        /// <summary>Each node's install folder (node name to folder); the first node's is <see cref="InstallPath"/>.</summary>
        public IReadOnlyDictionary<string, string> NodeInstallPaths { get; private init; } = new Dictionary<string, string>();

        /// <summary>An admin API key (<c>API-…</c>).</summary>
        public string ApiKey => Estate.ApiKey;

        /// <summary>An API key of a user without admin rights (for 403 tests).</summary>
        public string NonAdminApiKey => Estate.NonAdminApiKey;

        /// <summary>The estate's home folder on disk.</summary>
        public string HomePath => Estate.HomePath;

        /// <summary>Folder holding the <c>Octopus.Server.exe</c> stand-in.</summary>
        public string InstallPath { get; }

        /// <summary>Base URL of the control endpoint (<c>/sandbox/</c>).</summary>
        public Uri ControlUrl { get; }

        /// <summary>Token accepted by the control endpoint in the <c>X-Sandbox-Token</c> header (the admin API key works too).</summary>
        public string ControlToken { get; }

        /// <summary>
        /// SQL authentication to the estate's SQL Server (the TDS endpoint on 127.0.0.1), encrypted with its self-signed
        /// certificate trusted. It holds the SQL password: a secret.
        /// </summary>
        public string SqlConnectionString => _sql.ConnectionString;

        /// <summary>The live model.</summary>
        public Estate Estate { get; }

        /// <summary>Fault injection.</summary>
        public SandboxFaults Faults { get; }

        /// <summary>Starts a sandbox on 127.0.0.1 with a free port.</summary>
        public static Task<SandboxServer> StartAsync(EstateDescription estate, CancellationToken cancellationToken = default) =>
            StartAsync(estate, 0, TimeProvider.System, cancellationToken);

        /// <summary>
        /// Starts a sandbox on 127.0.0.1 with a free port whose simulated time runs on <paramref name="timeProvider"/>
        /// (scaled by <see cref="EstateDescription.TimeScale"/>): an in-process test passes its fake clock and advances it.
        /// </summary>
        public static Task<SandboxServer> StartAsync(EstateDescription estate, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
            StartAsync(estate, 0, timeProvider, cancellationToken);

        /// <summary>Starts a sandbox on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
        public static Task<SandboxServer> StartAsync(EstateDescription estate, int port, CancellationToken cancellationToken = default) =>
            StartAsync(estate, port, TimeProvider.System, cancellationToken);

        private static async Task<SandboxServer> StartAsync(EstateDescription estate, int port, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(estate);
            ArgumentNullException.ThrowIfNull(timeProvider);
            var ownsHome = estate.HomePath is null;
            var home = estate.HomePath ?? Path.Combine(Path.GetTempPath(), "octopus-sandbox-" + Guid.NewGuid().ToString("N")[..12]);
            var model = new Estate(estate, home, timeProvider);
            var faults = new SandboxFaults(model, timeProvider);
            var context = new SandboxContext(model, faults, new TaskQueue(model, faults), Guid.NewGuid().ToString("N"));
            foreach (var node in estate.Nodes.Where(n => n.RunningTasks > 0))
            {
                context.Queue.SeedRunning(node.Name, node.RunningTasks);
            }

            var builder = WebApplication.CreateSlimBuilder();
            // No request logging: URLs can carry ?apikey=, and keys must never reach a log.
            builder.Logging.ClearProviders();
            // The first address is the server (the load balancer, for a cluster); then one address per node.
            builder.WebHost.UseKestrel(options =>
            {
                options.Listen(IPAddress.Loopback, port);
                foreach (var _ in estate.Nodes.DefaultIfEmpty(new NodeDescription()))
                {
                    options.Listen(IPAddress.Loopback, 0);
                }
            });
            builder.Services.AddRoutingCore();
            var app = builder.Build();
            // Every request first brings the estate to the clock's now, so an answer never lags the clock (the pump only
            // samples it on real time, which a fake clock does not follow).
            app.Use((http, next) =>
            {
                context.Queue.Tick();
                return next(http);
            });
            ControlEndpoints.Map(app, context);
            SqlControlEndpoints.Map(app, context);
            ApiPipeline.Use(app, context);
            app.UseRouting();
            InfrastructureEndpoints.Map(app, context);
            TaskEndpoints.Map(app, context);
            ServerEndpoints.Map(app, context);
            FeedEndpoints.Map(app, context);
            PackageUploadEndpoints.Map(app, context);
            LibraryEndpoints.Map(app, context);
            ProjectEndpoints.Map(app, context);
            DeploymentEndpoints.Map(app, context);
            app.MapFallback(() => ApiResponses.NotFoundError());
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var sql = new SqlEndpoint(model.Sql, faults.Sql, model.Clock);
            if (estate.ConnectionString is null)
            {
                model.ConnectionString = sql.ConnectionString;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a.TrimEnd('/') + "/")).ToList();
            var serverUrl = addresses[0];
            var nodeUrls = model.Nodes.Select((n, i) => (n.Name, Url: addresses[i + 1])).ToDictionary(n => n.Name, n => n.Url, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, url) in nodeUrls)
            {
                context.NodeByPort[url.Port] = name;
            }

            var installPaths = model.Nodes.ToDictionary(n => n.Name, n => ToolInstaller.Install(home, new Uri(serverUrl, "sandbox/"), context.ControlToken, n.Name), StringComparer.OrdinalIgnoreCase);
            return new SandboxServer(app, context, sql, serverUrl, installPaths[model.Nodes[0].Name], ownsHome) { NodeUrls = nodeUrls, NodeInstallPaths = installPaths };
        }

        /// <summary>Stops serving, stops the task pump and deletes a temporary home folder.</summary>
        public async ValueTask DisposeAsync()
        {
            await _pumpStop.CancelAsync().ConfigureAwait(false);
            try
            {
                await _pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The pump ends by cancellation.
            }

            await _sql.DisposeAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _pumpStop.Dispose();
            if (_ownsHome)
            {
                TryDelete(HomePath);
            }

            foreach (var installPath in NodeInstallPaths.Values)
            {
                TryDelete(installPath);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a file still open elsewhere only leaves a temp folder behind.
            }
        }
    }
}
