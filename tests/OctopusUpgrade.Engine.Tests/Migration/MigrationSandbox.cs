using System;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Backups;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Migration
{
    /// <summary>
    /// A 2.6 server with a backup set taken of it (the .octobak, its inventory, the Master Key, the license), and a new
    /// 2018.10 server installed empty, with a session on the new one: the migration's two ends.
    /// </summary>
    internal sealed class MigrationSandbox : IAsyncDisposable
    {
        public const string NewServerLicense = "2-NEW-INSTALL-TRIAL";

        public static readonly string[] LegacyProjects = ["Acme Web", "Hydra"];

        private readonly TempFolder _folder = new();

        private MigrationSandbox(BackupSandbox legacy, BackupOctopusDatabaseResult backup, SandboxServer target)
        {
            Legacy = legacy;
            Backup = backup;
            Target = target;
            Session = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = target.ServerUrl.ToString(),
                    ApiKey = new Secret(target.ApiKey),
                    HomePath = target.HomePath,
                    InstallPath = target.InstallPath,
                    InstanceName = target.Estate.InstanceName,
                    JournalPath = _folder.Combine("journal.json"),
                },
                TimeProvider.System);
            Runner = new StepRunner(Session, Reporter);
        }

        public BackupSandbox Legacy { get; }

        public BackupOctopusDatabaseResult Backup { get; }

        public SandboxServer Target { get; }

        public UpgradeSession Session { get; }

        public RecordingReporter Reporter { get; } = new();

        public StepRunner Runner { get; }

        /// <summary>The 2.6 Master Key the backup is encrypted with.</summary>
        public string MasterKey => Legacy.Server.Estate.MasterKey;

        /// <summary>The .octobak in the backup set.</summary>
        public string BackupFile => BackupSetFiles.Locate(Backup.ManifestPath, Backup.Manifest.Find(BackupKind.LegacyData)!);

        public static async Task<MigrationSandbox> StartAsync()
        {
            var legacy = await BackupSandbox.StartAsync(EstatePresets.Legacy26, configure: d => d.Projects = [.. LegacyProjects]);
            var backup = await legacy.BackUpAsync(new BackupOctopusDatabaseRequest { SkipConfiguration = true });
            var target = EstateDescription.ForVersion(EstatePresets.Lts2018);
            target.TimeScale = 1000;
            target.Environments = [];
            target.Machines = [];
            target.License.SerialNumber = NewServerLicense;
            return new MigrationSandbox(legacy, backup, await SandboxServer.StartAsync(target));
        }

        /// <summary>This session also took the 2.6 backup (as it does when the new server replaces the old in place).</summary>
        public void AdoptLegacyBackups() => Session.Learn(facts => facts with { Backups = Legacy.Session.Facts.Backups });

        public MigrationRequest Request(bool withKey = true) =>
            new(BackupFile) { MasterKey = withKey ? new Secret(MasterKey) : null };

        public Task<StepPlan<MigrationPlan>> PlanAsync(MigrationRequest request) =>
            Runner.PlanAsync(new InvokeOctopusMigrationStep(), request, CancellationToken.None);

        public async Task<MigrationOutcome> MigrateAsync(MigrationRequest request, CancellationToken cancellationToken = default)
        {
            var step = new InvokeOctopusMigrationStep();
            var plan = await Runner.PlanAsync(step, request, cancellationToken);
            return (await Runner.ExecuteAsync(step, request, plan, StepConfirmation.All(plan.Actions), cancellationToken)).Result;
        }

        public async ValueTask DisposeAsync()
        {
            await Target.DisposeAsync();
            await Legacy.DisposeAsync();
            _folder.Dispose();
        }
    }
}
