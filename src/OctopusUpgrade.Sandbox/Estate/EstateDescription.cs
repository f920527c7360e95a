using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The small description an estate is built from, settable in code or read from JSON (property names as here).
    /// Start from <see cref="ForVersion"/> and adjust.
    /// </summary>
    public sealed class EstateDescription
    {
        private static readonly JsonSerializerOptions JsonOptions = new()
        {
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>Server version, e.g. <c>2.6.5</c>, <c>3.12.1</c>, <c>2018.10.0</c>, <c>2019.7.12</c>, <c>2024.3.12741</c>.</summary>
        public string ServerVersion { get; set; } = "2019.7.12";

        /// <summary>Seed for everything random (ids, thumbprints, API keys), so a description always builds the same estate.</summary>
        public int Seed { get; set; } = 1;

        /// <summary>How much faster than real time the simulation runs (100 = a 60 s task takes 0.6 s).</summary>
        public double TimeScale { get; set; } = 1;

        /// <summary>The Octopus Server instance name (<c>--instance</c>).</summary>
        public string InstanceName { get; set; } = "OctopusServer";

        /// <summary>
        /// The SQL Server connection string the instance is configured with (<c>show-configuration</c> reports it). Null (the
        /// default): the sandbox's own TDS endpoint with SQL authentication; set it to configure an instance that points elsewhere.
        /// </summary>
        public string? ConnectionString { get; set; }

        /// <summary>The SQL Server and Octopus database behind the estate; null: the preset for <see cref="ServerVersion"/>.</summary>
        public SqlServerDescription? Sql { get; set; }

        /// <summary>Home folder; null creates a fresh temporary folder that is deleted on dispose.</summary>
        public string? HomePath { get; set; }

        /// <summary>2.x: the folder the Backup task writes its .octobak to, as set on the Backup tab of the Configuration page; null: the home folder's Backup.</summary>
        public string? LegacyBackupFolder { get; set; }

        /// <summary>Space names (2019.1+); the first is the default space. Empty means one space named "Default".</summary>
        public List<string> Spaces { get; set; } = [];

        /// <summary>Environment names, created in the default space (machines can name more).</summary>
        public List<string> Environments { get; set; } = [];

        /// <summary>Deployment targets and workers.</summary>
        public List<MachineDescription> Machines { get; set; } = [];

        /// <summary>Project names, created empty (default lifecycle and group) in the default space.</summary>
        public List<string> Projects { get; set; } = [];

        /// <summary>Server nodes; empty means one node.</summary>
        public List<NodeDescription> Nodes { get; set; } = [];

        /// <summary>The license.</summary>
        public LicenseDescription License { get; set; } = new();

        /// <summary>Whether the server starts in maintenance mode.</summary>
        public bool IsInMaintenanceMode { get; set; }

        /// <summary>
        /// Whether the stand-in executables act as run by an interactive user. False acts as a runbook, a scheduled task or a
        /// service account does: an Octopus executable called without <c>--console</c> turns into a service host and does nothing.
        /// </summary>
        public bool CallerIsInteractive { get; set; } = true;

        /// <summary>Packages in the built-in feed.</summary>
        public List<PackageDescription> Packages { get; set; } = [];

        /// <summary>Simulated durations.</summary>
        public TaskDurations Durations { get; set; } = new();

        /// <summary>The server's culture and time zone, for display strings (<c>Completed</c>, 2.x <c>StatusSummary</c>).</summary>
        public ServerCulture Culture { get; set; } = new();

        /// <summary>Options for behaviour the references leave unconfirmed.</summary>
        public SandboxAssumptions Assumptions { get; set; } = new();

        /// <summary>The admin API key; null derives one from <see cref="Seed"/>.</summary>
        public string? ApiKey { get; set; }

        /// <summary>A non-admin (read and queue tasks only) API key; null derives one from <see cref="Seed"/>.</summary>
        public string? NonAdminApiKey { get; set; }

        /// <summary>The Master Key <c>show-master-key</c> prints; null derives one from <see cref="Seed"/>.</summary>
        public string? MasterKey { get; set; }

        /// <summary>A sensible estate for a version: three environments, five Tentacles (one polling, one worker where workers exist) and a few packages.</summary>
        public static EstateDescription ForVersion(string serverVersion) => EstatePresets.ForVersion(serverVersion);

        /// <summary>Reads a description from JSON.</summary>
        public static EstateDescription FromJson(string json) =>
            JsonSerializer.Deserialize<EstateDescription>(json, JsonOptions) ?? new EstateDescription();

        /// <summary>Reads a description from a JSON file.</summary>
        public static EstateDescription FromFile(string path) => FromJson(File.ReadAllText(path));

        /// <summary>Writes the description as JSON.</summary>
        public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
    }
}
