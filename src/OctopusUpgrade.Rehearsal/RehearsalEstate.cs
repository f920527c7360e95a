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
            var session = SessionOn(server, server.ServerUrl, server.InstallPath, Path.Combine(workFolder, name + ".journal.json"), targetVersion);
            return new RehearsalEstate(server, session, new StepRunner(session, reporter), workFolder, reporter);
        }

        /// <summary>A session on one HA node's machine, as an administrator opens on each: the node's own URL and install folder.</summary>
        public StepRunner OnNode(string node)
        {
            var session = SessionOn(Server, Server.NodeUrls[node], Server.NodeInstallPaths[node], Path.Combine(_workFolder, node + ".journal.json"), Session.TargetVersion?.ToString());
            _nodeSessions.Add(session);
            return new StepRunner(session, _reporter);
        }

        /// <summary>A session as an administrator creates it on a machine of the estate; 2.x keeps its data in RavenDB, so it has no SQL connection.</summary>
        private static UpgradeSession SessionOn(SandboxServer server, Uri url, string installPath, string journalPath, string? targetVersion) =>
            UpgradeSession.Create(
                new SessionRequest
                {
                    Server = url.ToString(),
                    ApiKey = new Secret(server.ApiKey),
                    HomePath = server.HomePath,
                    InstallPath = installPath,
                    InstanceName = server.Estate.InstanceName,
                    SqlConnectionString = server.Estate.Version.IsLegacy2x ? null : server.SqlConnectionString,
                    JournalPath = journalPath,
                    TargetVersion = targetVersion,
                },
                TimeProvider.System);

        public async ValueTask DisposeAsync()
        {
            Outside.Dispose();
            Session.Dispose();
            _nodeSessions.ForEach(s => s.Dispose());
            await Server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
