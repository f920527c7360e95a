using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The live simulated estate. One lock guards the whole model: read through <see cref="Read{T}"/> and change through
    /// <see cref="Update"/> (or the convenience methods), and the API and task queue see a consistent estate.
    /// </summary>
    public sealed class Estate
    {
        private readonly object _sync = new();
        private readonly List<Space> _spaces = [];
        private readonly List<DeploymentEnvironment> _environments = [];
        private readonly List<Machine> _machines = [];
        private readonly List<ServerNode> _nodes = [];
        private readonly List<ServerTask> _tasks = [];
        private readonly Dictionary<string, int> _nextIds = new(StringComparer.Ordinal);
        private readonly Random _random;
        private readonly string? _legacyBackupFolder;
        private bool _maintenance;
        private bool _callerIsInteractive;
        private string _serverCommsAddress;

        internal Estate(EstateDescription description, string homePath, TimeProvider underlyingClock)
        {
            Version = ServerVersion.Parse(description.ServerVersion);
            Assumptions = description.Assumptions;
            Durations = description.Durations;
            Culture = description.Culture;
            InstanceName = description.InstanceName;
            ConnectionString = description.ConnectionString ?? "";
            Clock = new SimulatedClock(description.TimeScale, underlyingClock);
            CreatedAt = Clock.GetUtcNow();
            _random = new Random(description.Seed);
            License = description.License;
            IsInMaintenanceMode = description.IsInMaintenanceMode;
            CallerIsInteractive = description.CallerIsInteractive;
            BundledTentacleVersion = BundledTentacle.For(Version, Assumptions);
            InstallationId = NewGuid();
            ApiKey = description.ApiKey ?? NewApiKey();
            NonAdminApiKey = description.NonAdminApiKey ?? NewApiKey();
            MasterKey = description.MasterKey ?? NewMasterKey(description.Seed);
            _legacyBackupFolder = description.LegacyBackupFolder;

            var spaceNames = description.Spaces.Count > 0 ? description.Spaces : ["Default"];
            foreach (var name in spaceNames)
            {
                _spaces.Add(new Space(NextId("Spaces"), name, _spaces.Count == 0));
            }

            foreach (var name in description.Environments)
            {
                EnvironmentNamed(name, DefaultSpaceId);
            }

            var nodeDescriptions = description.Nodes.Count > 0 ? description.Nodes : [new NodeDescription()];
            foreach (var node in nodeDescriptions)
            {
                _nodes.Add(new ServerNode(node.Name, node.Version ?? Version.Text, node.MaxConcurrentTasks)
                {
                    IsInMaintenanceMode = node.IsInMaintenanceMode,
                    IsOffline = node.IsOffline,
                    LastSeen = Clock.GetUtcNow() - (node.IsOffline ? TimeSpan.FromHours(1) : TimeSpan.Zero),
                    Watchdog = node.WatchdogIntervalMinutes is { } interval ? new WatchdogTask(description.InstanceName, interval) : null,
                });
            }

            // Polling Tentacles connect to the server's comms port (10943 by default) on the first node's host.
            _serverCommsAddress = "https://" + _nodes[0].Name.ToLowerInvariant() + ":10943/";
            foreach (var machine in description.Machines)
            {
                AddMachine(machine);
            }

            Sql = new SqlServerState(this, description.Sql ?? SqlServerDescription.ForOctopusVersion(description.ServerVersion), Version, _nodes[0].Name, description.Seed, Clock.GetUtcNow());

            Home = new HomeFolder(homePath, Version, _spaces.Select(s => s.Id));
            Feed = new BuiltInFeed(this, Home);
            Feed.Seed(description.Packages.Select(p => (SpaceIdFor(p.Space), p)));
            foreach (var node in _nodes)
            {
                node.Service = new OctopusService(this, node);
            }

            foreach (var name in description.Projects)
            {
                var body = new JsonObject { ["Name"] = name, ["LifecycleId"] = Library.DefaultLifecycleId(this, DefaultSpaceId) };
                Library.Projects.Add(ProjectEndpoints.SaveProject(this, DefaultSpaceId, body, null).Document
                    ?? throw new ArgumentException("Project '" + name + "' cannot be created."));
            }
        }

        /// <summary>The server version (changes only through <see cref="UpgradeServer"/>).</summary>
        public ServerVersion Version { get; private set; }

        /// <summary>Options for unconfirmed behaviour.</summary>
        public SandboxAssumptions Assumptions { get; }

        /// <summary>Simulated durations.</summary>
        public TaskDurations Durations { get; }

        /// <summary>The server's culture and time zone for display strings.</summary>
        public ServerCulture Culture { get; }

        /// <summary>Instance name, as <c>Octopus.Server.exe --instance</c> takes it.</summary>
        public string InstanceName { get; }

        /// <summary>The instance's SQL Server connection string (by default the sandbox's TDS endpoint, set when it starts).</summary>
        public string ConnectionString { get; internal set; }

        /// <summary>The SQL Server behind the instance and its Octopus database.</summary>
        public SqlServerState Sql { get; }

        /// <summary>Simulated time.</summary>
        public SimulatedClock Clock { get; }

        /// <summary>The Tentacle version an Upgrade task installs.</summary>
        public string BundledTentacleVersion { get; private set; }

        /// <summary><c>InstallationId</c> of the <c>/api</c> root.</summary>
        public string InstallationId { get; }

        /// <summary>Admin API key.</summary>
        public string ApiKey { get; }

        /// <summary>API key of a user without admin rights.</summary>
        public string NonAdminApiKey { get; }

        /// <summary>The instance's Master Key (base64 of 16 bytes, as Octopus's), which <c>show-master-key</c> prints: a secret like the API key.</summary>
        public string MasterKey { get; }

        /// <summary>The license (change it inside <see cref="Update"/>).</summary>
        public LicenseDescription License { get; }

        /// <summary>The home folder on disk.</summary>
        public string HomePath => Home.Root;

        /// <summary>2.x: where the Backup task writes its .octobak (the Backup tab's folder, by default the home folder's Backup).</summary>
        public string LegacyBackupFolder => _legacyBackupFolder ?? Path.Combine(HomePath, "Backup");

        /// <summary>The built-in package feed.</summary>
        public BuiltInFeed Feed { get; }

        /// <summary>The first node's Windows service (a single server's only one).</summary>
        public OctopusService Service => _nodes[0].Service;

        /// <summary>
        /// The API as the load balancer in front of the nodes serves it: running while any node runs, starting while
        /// any starts, otherwise stopped.
        /// </summary>
        public ServiceState ApiState => Read(() =>
        {
            var states = _nodes.Select(n => n.Service.State).ToList();
            return states.Contains(ServiceState.Running) ? ServiceState.Running
                : states.Contains(ServiceState.Starting) ? ServiceState.Starting
                : ServiceState.Stopped;
        });

        /// <summary>The node named <paramref name="name"/>.</summary>
        public ServerNode GetNode(string name) =>
            Read(() => _nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)))
            ?? throw new KeyNotFoundException("No node named '" + name + "'.");

        /// <summary>Whether the stand-in executables run as an interactive user would run them (see <see cref="EstateDescription.CallerIsInteractive"/>).</summary>
        public bool CallerIsInteractive
        {
            get => Read(() => _callerIsInteractive);
            set => Update(() => _callerIsInteractive = value);
        }

        /// <summary>Server-wide maintenance mode.</summary>
        public bool IsInMaintenanceMode
        {
            get => Read(() => _maintenance);
            set => Update(() => _maintenance = value);
        }

        /// <summary>
        /// The address the server answers polling Tentacles on. Changing it stands for moving the server (a new server at a
        /// new address): Tentacles still polling the old address can no longer be reached.
        /// </summary>
        public string ServerCommsAddress
        {
            get => Read(() => _serverCommsAddress);
            set => Update(() => _serverCommsAddress = value);
        }

        /// <summary>The default space's id (unscoped routes resolve to it).</summary>
        public string DefaultSpaceId => _spaces[0].Id;

        /// <summary>Spaces, default first.</summary>
        public IReadOnlyList<Space> Spaces => Read(() => _spaces.ToList());

        /// <summary>Environments.</summary>
        public IReadOnlyList<DeploymentEnvironment> Environments => Read(() => _environments.ToList());

        /// <summary>Deployment targets and workers.</summary>
        public IReadOnlyList<Machine> Machines => Read(() => _machines.ToList());

        /// <summary>Server nodes.</summary>
        public IReadOnlyList<ServerNode> Nodes => Read(() => _nodes.ToList());

        /// <summary>All tasks, oldest first.</summary>
        public IReadOnlyList<ServerTask> Tasks => Read(() => _tasks.ToList());

        internal HomeFolder Home { get; }

        /// <summary>When the estate was set up: the <c>LastModifiedOn</c> of what it started with.</summary>
        internal DateTimeOffset CreatedAt { get; }

        /// <summary>Projects, processes, templates, lifecycles, releases and deployments.</summary>
        internal DeploymentStore Library { get; } = new();

        /// <summary>
        /// Runs <paramref name="read"/> under the estate lock and returns its result. Inside, the model is consistent; the
        /// sandbox also uses it for changes that return a value.
        /// </summary>
        public T Read<T>(Func<T> read)
        {
            ArgumentNullException.ThrowIfNull(read);
            lock (_sync)
            {
                return read();
            }
        }

        /// <summary>Runs <paramref name="change"/> under the estate lock.</summary>
        public void Update(Action change)
        {
            ArgumentNullException.ThrowIfNull(change);
            lock (_sync)
            {
                change();
            }
        }

        /// <summary>The machine (target or worker) named <paramref name="name"/>.</summary>
        public Machine GetMachine(string name) =>
            Read(() => _machines.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)))
            ?? throw new KeyNotFoundException("No machine named '" + name + "'.");

        /// <summary>The task with id <paramref name="id"/>, or null.</summary>
        public ServerTask? GetTask(string id) =>
            Read(() => _tasks.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase)));

        /// <summary>Adds a machine to the estate.</summary>
        public Machine AddMachine(MachineDescription description)
        {
            ArgumentNullException.ThrowIfNull(description);
            lock (_sync)
            {
                var spaceId = SpaceIdFor(description.Space);
                var prefix = description.IsWorker ? "Workers" : Version.IsLegacy2x ? "machines" : "Machines";
                var machine = new Machine(NextId(prefix), description.Name, spaceId, description.IsWorker)
                {
                    TentacleVersion = description.TentacleVersion.Length > 0 ? description.TentacleVersion : BundledTentacleVersion,
                    CommunicationStyle = description.CommunicationStyle,
                    IsOnline = description.IsOnline,
                    UpgradeLocked = description.UpgradeLocked,
                    HeldByDeployment = description.HeldByDeployment,
                    IsDisabled = description.IsDisabled,
                    Thumbprint = RandomHex(20),
                    ServiceAccount = description.ServiceAccount,
                };
                machine.PollingAddress = machine.CommunicationStyle == "TentacleActive" ? _serverCommsAddress : null;
                machine.Uri = machine.CommunicationStyle == "TentacleActive"
                    ? "poll://" + RandomHex(10).ToLowerInvariant() + "/"
                    : "https://" + description.Name + ":10933/";
                machine.EnvironmentIds.AddRange(description.Environments.Select(e => EnvironmentNamed(e, spaceId).Id));
                machine.Roles.AddRange(description.Roles);
                if (description.IsWorker)
                {
                    machine.WorkerPoolIds.Add("WorkerPools-1");
                }

                _machines.Add(machine);
                return machine;
            }
        }

        /// <summary>
        /// Adds <paramref name="count"/> listening targets (named <c>scale-00001</c>…) spread over the environments, for scale tests.
        /// </summary>
        public IReadOnlyList<Machine> AddMachines(int count, string? tentacleVersion = null)
        {
            var environmentNames = Read(() => _environments.Where(e => e.SpaceId == DefaultSpaceId).Select(e => e.Name).DefaultIfEmpty("Production").ToList());
            return Read(() => Enumerable.Range(_machines.Count + 1, count)
                .Select(i => AddMachine(new MachineDescription
                {
                    Name = "scale-" + i.ToString("D5", CultureInfo.InvariantCulture),
                    Environments = [environmentNames[i % environmentNames.Count]],
                    Roles = ["web-server"],
                    TentacleVersion = tentacleVersion ?? BundledTentacleVersion,
                }))
                .ToList());
        }

        /// <summary>
        /// Upgrades the server in place, as installing a newer MSI does: the version, every node's version and the bundled
        /// Tentacle change, and crossing 2019.1 moves the built-in feed's files into the default space's folder. The service
        /// must be stopped (the installer needs it so); a 2.x server is migrated rather than upgraded, and there are no
        /// downgrades, so those throw <see cref="InvalidOperationException"/>.
        /// </summary>
        public void UpgradeServer(string newVersion)
        {
            var target = ServerVersion.Parse(newVersion);
            Update(() =>
            {
                if (Service.State != ServiceState.Stopped)
                {
                    throw new InvalidOperationException("Stop the Octopus Server service before installing a new version.");
                }

                // 2.6.5 is the only 2.x release with a documented in-place path (the 2018.10 LTS MSI installed over it, then
                // the 2.6 backup imported); older 2.x must go to 2.6.5 first, and nothing goes back to 2.x.
                if (target.IsLegacy2x || (Version.IsLegacy2x && !Version.AtLeast(2, 6)))
                {
                    throw new InvalidOperationException("Octopus 2.x below 2.6 must be upgraded to 2.6.5 first; only 2.6.5 can be upgraded in place to 3.x or later (and its data imported from a 2.6 backup).");
                }

                if (target.CompareTo(Version) < 0)
                {
                    throw new InvalidOperationException("Octopus Server cannot be downgraded in place; restore the database backup with the old version instead.");
                }

                var gainsSpaces = target.HasSpaces && !Version.HasSpaces;
                Version = target;
                BundledTentacleVersion = BundledTentacle.For(target, Assumptions);
                foreach (var node in _nodes)
                {
                    node.Version = target.Text;
                }

                Home.Version = target;
                Home.CreateLayout(_spaces.Select(s => s.Id));
                if (gainsSpaces)
                {
                    Feed.MoveIntoSpaceFolder(DefaultSpaceId);
                }

                Home.AppendLog(Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) + " INFO Installed Octopus Server " + target.Text);
            });
        }

        /// <summary>
        /// <c>database --upgrade</c> run on <paramref name="nodeName"/>: moves the schema to the node's installed version.
        /// First the pre-conditions (wording from the field, facts §6; invented where none was recorded): the license
        /// (unless skipped), the SQL Server version the target needs (2016+ from 2020.2), and from 2023.2.9755 that no other
        /// node runs. Any failure changes nothing. Otherwise the missing schema scripts are journalled in
        /// <c>dbo.SchemaVersions</c>, the install in <c>dbo.OctopusServerInstallationHistory</c>, and the server version moves.
        /// </summary>
        public DatabaseUpgradeOutcome UpgradeDatabase(string nodeName, bool skipLicenseCheck) => Read(() =>
        {
            var node = GetNode(nodeName);
            var target = ServerVersion.Parse(node.Version);
            if (target.CompareTo(Version) <= 0)
            {
                return new DatabaseUpgradeOutcome([], [], AlreadyCurrent: true);
            }

            var others = _nodes.Where(n => n != node && n.Service.State != ServiceState.Stopped).Select(n => n.Name).ToList();
            var sqlMajor = Sql.ProductVersion.Major;
            var checks = new List<DatabaseUpgradeCheck>
            {
                new(true, "All columns use the default collation."),
                skipLicenseCheck || License.IsCompliant
                    ? new(true, "Your license is valid for Octopus Server " + target.Text + ".")
                    : new(false, "Your Octopus Server would not be compliant with your license after upgrading to " + target.Text + ". No data has been changed. Reinstall the previous version, or upgrade with --skipLicenseCheck."),
                !target.AtLeast(2020, 2) || sqlMajor >= 13
                    ? new(true, "SQL Server " + Sql.ProductVersion + " is supported.")
                    : new(false, "SQL Server " + Sql.ProductVersion + " is not supported by Octopus Server " + target.Text + ": it needs SQL Server 2016 or later."),
            };
            if (target.CompareTo(ServerVersion.Parse("2023.2.9755")) >= 0)
            {
                checks.Add(others.Count == 0
                    ? new(true, "No other Octopus Server node is running.")
                    : new(false, "Other Octopus Server nodes are still running: " + string.Join(", ", others) + ". Stop every node before upgrading the database."));
            }

            if (checks.Any(c => !c.Passed))
            {
                return new DatabaseUpgradeOutcome(checks, [], AlreadyCurrent: false);
            }

            var now = Clock.GetUtcNow();
            var wanted = SqlServerDescription.SchemaFor(target, now.UtcDateTime);
            var scripts = wanted.Skip(Sql.Content.SchemaVersions.Count).Select(r => new SchemaVersionRow { ScriptName = r.ScriptName, Applied = now.UtcDateTime }).ToList();
            Sql.Content.SchemaVersions.AddRange(scripts);
            Sql.Content.InstallationHistory.Add(new InstallationHistoryRow { Version = target.Text, Installed = now, Node = node.Name });
            Version = target;
            BundledTentacleVersion = BundledTentacle.For(target, Assumptions);
            Home.AppendLog(now.ToString("O", CultureInfo.InvariantCulture) + " INFO Database upgraded to " + target.Text + " by " + node.Name);
            return new DatabaseUpgradeOutcome(checks, scripts.Select(r => r.ScriptName).ToList(), AlreadyCurrent: false);
        });

        /// <summary>
        /// Installs an MSI of <paramref name="version"/> on one node's machine (its binaries only: the database moves with
        /// <see cref="UpgradeDatabase"/>). The node's service must be stopped. An older version than the installed one is
        /// refused as Windows Installer refuses a downgrade of the same UpgradeCode (Octopus's rollback uninstalls the newer
        /// version first; <see cref="UninstallFromNode"/>); the same version reinstalls.
        /// </summary>
        public void InstallOnNode(string nodeName, string version) => Update(() =>
        {
            var node = GetNode(nodeName);
            if (node.Service.State != ServiceState.Stopped)
            {
                throw new InvalidOperationException("The Octopus Server service on " + node.Name + " is running; stop it before installing.");
            }

            var target = ServerVersion.Parse(version);
            if (!node.Uninstalled && target.CompareTo(ServerVersion.Parse(node.Version)) < 0)
            {
                throw new InvalidOperationException("A newer version of Octopus Deploy Server (" + node.Version + ") is already installed on " + node.Name + ".");
            }

            node.Version = target.Text;
            node.Uninstalled = false;
        });

        /// <summary>
        /// Uninstalls the Octopus Server MSI from one node's machine (<c>msiexec /x</c>): only the binaries go; the
        /// home folder, the instance's configuration and the database stay, as Octopus's rollback procedure relies on.
        /// The node's service must be stopped.
        /// </summary>
        public void UninstallFromNode(string nodeName) => Update(() =>
        {
            var node = GetNode(nodeName);
            if (node.Service.State != ServiceState.Stopped)
            {
                throw new InvalidOperationException("The Octopus Server service on " + node.Name + " is running; stop it before uninstalling.");
            }

            node.Uninstalled = true;
        });

        /// <summary>Switches a machine off: health checks time out on it and upgrades fail.</summary>
        public void TakeMachineOffline(string name) => SetMachine(name, m => m.IsOnline = false);

        /// <summary>Switches a machine back on.</summary>
        public void BringMachineOnline(string name) => SetMachine(name, m => m.IsOnline = true);

        /// <summary>Marks a machine as held (or released) by a running deployment.</summary>
        public void HoldForDeployment(string name, bool held = true) => SetMachine(name, m => m.HeldByDeployment = held);

        /// <summary>Sets or clears <c>UpgradeLocked</c> on a machine.</summary>
        public void SetUpgradeLocked(string name, bool locked = true) => SetMachine(name, m => m.UpgradeLocked = locked);

        /// <summary>Sets a node's drain (maintenance) flag.</summary>
        public void DrainNode(string name, bool drain = true) =>
            Update(() => _nodes.First(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)).IsInMaintenanceMode = drain);

        internal List<Space> SpaceList => _spaces;

        internal List<DeploymentEnvironment> EnvironmentList => _environments;

        internal List<Machine> MachineList => _machines;

        internal List<ServerNode> NodeList => _nodes;

        internal List<ServerTask> TaskList => _tasks;

        internal object SyncRoot => _sync;

        internal string NextId(string prefix)
        {
            lock (_sync)
            {
                _nextIds.TryGetValue(prefix, out var last);
                _nextIds[prefix] = last + 1;
                return prefix + "-" + (last + 1).ToString(CultureInfo.InvariantCulture);
            }
        }

        internal string SpaceIdFor(string? spaceName) =>
            spaceName is null
                ? DefaultSpaceId
                : _spaces.FirstOrDefault(s => string.Equals(s.Name, spaceName, StringComparison.OrdinalIgnoreCase))?.Id
                  ?? throw new KeyNotFoundException("No space named '" + spaceName + "'.");

        private void SetMachine(string name, Action<Machine> change)
        {
            var machine = GetMachine(name);
            Update(() => change(machine));
        }

        internal DeploymentEnvironment EnvironmentNamed(string name, string spaceId)
        {
            var existing = _environments.FirstOrDefault(e => e.SpaceId == spaceId && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                return existing;
            }

            var created = new DeploymentEnvironment(NextId("Environments"), name, spaceId, _environments.Count(e => e.SpaceId == spaceId));
            _environments.Add(created);
            return created;
        }
/// <summary>From its own generator, so that adding it changed no other seeded value.</summary>
private static string NewMasterKey(int seed)
{
    var bytes = new byte[16];
    new Random(unchecked((seed * 31) + 7)).NextBytes(bytes);
    return Convert.ToBase64String(bytes);
}


        private string NewApiKey() => "API-" + RandomAlphanumeric(27);

        private string NewGuid()
        {
            var bytes = new byte[16];
            _random.NextBytes(bytes);
            return new Guid(bytes).ToString();
        }

        private string RandomHex(int bytes)
        {
            var buffer = new byte[bytes];
            _random.NextBytes(buffer);
            return Convert.ToHexString(buffer);
        }

        private string RandomAlphanumeric(int length)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            return new string(Enumerable.Range(0, length).Select(_ => alphabet[_random.Next(alphabet.Length)]).ToArray());
        }
    }
}
