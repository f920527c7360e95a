using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Backups
{
    /// <summary>An in-process sandbox with its SQL Server, a session on it (encrypted SQL or not), and the backup and restore steps run as a caller without prompts runs them.</summary>
    internal sealed class BackupSandbox : IAsyncDisposable
    {
        private readonly TempFolder _folder = new();

        private BackupSandbox(SandboxServer server, bool encrypt, bool installPath)
        {
            Server = server;
            var connection = new DbConnectionStringBuilder { ConnectionString = server.SqlConnectionString };
            if (!encrypt)
            {
                connection["Encrypt"] = "False";
            }

            Session = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = server.ServerUrl.ToString(),
                    ApiKey = new Secret(server.ApiKey),
                    HomePath = server.HomePath,
                    InstallPath = installPath ? server.InstallPath : null,
                    InstanceName = server.Estate.InstanceName,
                    SqlConnectionString = connection.ConnectionString,
                    JournalPath = _folder.Combine("journal.json"),
                },
                TimeProvider.System);
            Runner = new StepRunner(Session, Reporter);
        }

        public SandboxServer Server { get; }

        public UpgradeSession Session { get; }

        public RecordingReporter Reporter { get; } = new();

        public StepRunner Runner { get; }

        public string BackupRoot => _folder.Combine("backups");

        public static async Task<BackupSandbox> StartAsync(string version = EstatePresets.V2019, bool encrypt = true, bool installPath = true, Action<EstateDescription>? configure = null)
        {
            var description = EstateDescription.ForVersion(version);
            description.TimeScale = 1000;
            configure?.Invoke(description);
            return new BackupSandbox(await SandboxServer.StartAsync(description), encrypt, installPath);
        }

        public async Task<BackupOctopusDatabaseResult> BackUpAsync(BackupOctopusDatabaseRequest? request = null, CancellationToken cancellationToken = default)
        {
            var step = new BackupOctopusDatabaseStep();
            var given = (request ?? new BackupOctopusDatabaseRequest()) with { Path = BackupRoot, PollInterval = TimeSpan.FromMilliseconds(20) };
            var plan = await Runner.PlanAsync(step, given, cancellationToken);
            return (await Runner.ExecuteAsync(step, given, plan, StepConfirmation.All(plan.Actions), cancellationToken)).Result;
        }

        public async Task<RestoreOctopusDatabaseResult> RestoreAsync(string manifestPath, CancellationToken cancellationToken = default)
        {
            var step = new RestoreOctopusDatabaseStep();
            var request = new RestoreOctopusDatabaseRequest(manifestPath);
            var plan = await Runner.PlanAsync(step, request, cancellationToken);
            return (await Runner.ExecuteAsync(step, request, plan, StepConfirmation.All(plan.Actions), cancellationToken)).Result;
        }

        public async Task<OctopusUpgrade.Engine.Api.OctopusServerFolders> ServerFoldersAsync()
        {
            using var client = OctopusUpgrade.Engine.Api.SessionApiClients.For(Session, Reporter, TimeProvider.System);
            return await client.Configuration.GetServerFoldersAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _folder.Dispose();
        }
    }
}
