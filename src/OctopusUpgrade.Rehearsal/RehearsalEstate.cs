using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Rehearsal
{
    /// <summary>One simulated Octopus server (in this process, over loopback) with an upgrade session and step runner on it.</summary>
    internal sealed class RehearsalEstate : IAsyncDisposable
    {
        private readonly List<UpgradeSession> _nodeSessions = [];
        private readonly string _workFolder;
        private readonly ConsoleReporter _reporter;

        private RehearsalEstate(SandboxServer server, UpgradeSession session, StepRunner runner, string workFolder, ConsoleReporter reporter)
        {
            _workFolder = workFolder;
            _reporter = reporter;
            Server = server;
            Session = session;
            Runner = runner;
            Outside = new OutsideView(server);
        }

        public SandboxServer Server { get; }

        public UpgradeSession Session { get; }

        public StepRunner Runner { get; }

        public OutsideView Outside { get; }

        public static async Task<RehearsalEstate> StartAsync(EstateDescription description, string workFolder, string name, string? targetVersion, ConsoleReporter reporter)
        {
            var server = await SandboxServer.StartAsync(description).ConfigureAwait(false);
            var session = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = server.ServerUrl.ToString(),
                    ApiKey = new Secret(server.ApiKey),
                    HomePath = server.HomePath,
                    InstallPath = server.InstallPath,
                    InstanceName = server.Estate.InstanceName,
                    SqlConnectionString = description.Sql is null || server.Estate.Version.IsLegacy2x ? null : server.SqlConnectionString,
                    JournalPath = Path.Combine(workFolder, name + ".journal.json"),
                    TargetVersion = targetVersion,
                },
                TimeProvider.System);
            return new RehearsalEstate(server, session, new StepRunner(session, reporter), workFolder, reporter);
        }

        /// <summary>A session on one HA node's machine, as an administrator opens on each: the node's own URL and install folder.</summary>
        public StepRunner OnNode(string node)
        {
            var session = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = Server.NodeUrls[node].ToString(),
                    ApiKey = new Secret(Server.ApiKey),
                    HomePath = Server.HomePath,
                    InstallPath = Server.NodeInstallPaths[node],
                    InstanceName = Server.Estate.InstanceName,
                    SqlConnectionString = Server.SqlConnectionString,
                    JournalPath = Path.Combine(_workFolder, node + ".journal.json"),
                    TargetVersion = Session.TargetVersion?.ToString(),
                },
                TimeProvider.System);
            _nodeSessions.Add(session);
            return new StepRunner(session, _reporter);
        }

        public async ValueTask DisposeAsync()
        {
            Outside.Dispose();
            Session.Dispose();
            _nodeSessions.ForEach(s => s.Dispose());
            await Server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
