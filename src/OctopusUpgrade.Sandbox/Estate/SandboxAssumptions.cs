namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Every behaviour the recorded documents and the reference do not settle (marked UNCONFIRMED there) lives here as an
    /// option, with the sandbox's best guess as the default. Change an estate's assumptions to test the engine against the
    /// other reading.
    /// </summary>
    public sealed class SandboxAssumptions
    {
        /// <summary>
        /// First version whose machines carry <c>HealthStatus</c>: the 3.3.0 recording has none, the 2019 one has it.
        /// 3.4 (the tenants release, which reshaped machines) is a guess.
        /// </summary>
        public string HealthStatusSince { get; set; } = "3.4.0";

        /// <summary>First version with workers (<c>/api/workers</c>); "workers arrived with 2018.x", the exact release is a guess.</summary>
        public string WorkersSince { get; set; } = "2018.7.0";

        /// <summary>
        /// Whether maintenance mode also blocks administrators from creating tasks, as 2.5 did (issue 1110). Null means
        /// "only before 2.6"; whether 2.6.5 still does is unconfirmed.
        /// </summary>
        public bool? MaintenanceBlocksAdminTasks { get; set; }

        /// <summary>Whether <c>/api/maintenanceconfiguration</c> exists; unconfirmed for 2.6, so it can be switched off.</summary>
        public bool MaintenanceConfigurationAvailable { get; set; } = true;

        /// <summary>The 403 message while maintenance mode blocks a write; no real body was recorded.</summary>
        public string MaintenanceModeMessage { get; set; } =
            "Octopus Server is currently in maintenance mode. Only system administrators can make changes.";

        /// <summary>Whether a Health task ends <c>Failed</c> (rather than <c>Success</c> with warnings) when a machine is unavailable.</summary>
        public bool HealthTaskFailsWhenMachineUnavailable { get; set; } = true;

        /// <summary>
        /// Whether <c>POST /api/tasks {"Name":"Backup"}</c> is accepted. Null means "2.x only": 3.x moved backups to SQL Server
        /// and the built-in backup task went away; Octoposh says its backup call works only on 2.6 and below.
        /// </summary>
        public bool? BackupTaskAvailable { get; set; }

        /// <summary>
        /// Name of the task that re-indexes the built-in feed ("RE-INDEX NOW" in the UI). The name is a guess: no recording
        /// or client constant was found.
        /// </summary>
        public string ReindexTaskName { get; set; } = "SynchronizeBuiltInPackageRepositoryIndex";

        /// <summary>First version offering the re-index task; older versions re-index only on service start (old 3.x docs).</summary>
        public string ReindexTaskSince { get; set; } = "2019.1.0";

        /// <summary>
        /// The exit code of an Octopus executable that a caller without an interactive user started without <c>--console</c>:
        /// .NET's <c>ServiceBase.Run</c> prints that a service cannot start from the command line and returns; what the
        /// executable then exits with was never recorded.
        /// </summary>
        public int ServiceHostExitCode { get; set; } = 1;

        /// <summary>Whether a service (re)start re-indexes the built-in feed from disk.</summary>
        public bool StartReindexesFeed { get; set; } = true;

        /// <summary>
        /// The Tentacle version the server bundles (what an Upgrade task installs). Null picks from a per-era table in
        /// <see cref="BundledTentacle"/>, which is itself a guess.
        /// </summary>
        public string? BundledTentacleVersion { get; set; }

        /// <summary>
        /// Whether an Upgrade task that meets a machine held by a deployment starts (<c>Executing</c>) and waits for the
        /// machine, as tasks waiting on a machine mutex do; false keeps it <c>Queued</c> until the machine is free.
        /// </summary>
        public bool UpgradeWaitsWhileExecuting { get; set; } = true;

        /// <summary>
        /// First version with <c>/api/octopusservernodes/summary</c> and <c>/{id}/details</c>, whose node resource drops
        /// <c>LastSeen</c>, <c>Rank</c> and <c>IsOffline</c>: absent from the 2018.3.6 swagger, linked from the 2019.4.5 root.
        /// </summary>
        public string NodeSummarySince { get; set; } = "2019.1.0";

        /// <summary>First version with <c>/api/serverstatus/health</c>: absent from the 2019.4.5 root, linked from 2019.7.12.</summary>
        public string ServerHealthSince { get; set; } = "2019.5.0";

        /// <summary>Whether <c>/api/octopusservernodes/ping</c> and <c>/api/serverstatus/health</c> answer without an API key (load balancers call them).</summary>
        public bool ProbesAreAnonymous { get; set; } = true;

        /// <summary>Whether <c>/api/serverstatus/health</c> answers 418 when the cluster is not operating normally (swagger lists 200 and 418).</summary>
        public bool HealthAnswers418WhenNotNormal { get; set; } = true;

        /// <summary>
        /// What a 2.x server does with the Health arguments it predates (<c>MachineIds</c>, <c>MachineTimeout</c>; 2.6 sends
        /// <c>{"Timeout","EnvironmentId"}</c> or <c>{}</c>). False (the default): it never reads them, so the task checks the
        /// whole environment (or every machine) and waits the default machine timeout. True: it refuses the task with a 400.
        /// Untested against a real 2.6 server.
        /// </summary>
        public bool LegacyHealthRejectsNewArguments { get; set; }

        /// <summary>
        /// The Tentacle service account Hydra's reinstall leaves (SC:using-hydra: "resets the service account to Local
        /// System"); the exact string a service query shows is a sandbox choice.
        /// </summary>
        public string HydraServiceAccount { get; set; } = "LocalSystem";
    }
}
