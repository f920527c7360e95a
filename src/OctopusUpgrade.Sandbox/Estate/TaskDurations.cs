namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Simulated durations, in simulated seconds. Real time is simulated time divided by
    /// <see cref="EstateDescription.TimeScale"/>, so the same realistic durations run fast in tests.
    /// </summary>
    public sealed class TaskDurations
    {
        /// <summary>Time a task waits in the queue before a node picks it up.</summary>
        public double QueueSeconds { get; set; } = 1;

        /// <summary>Fixed part of every task.</summary>
        public double TaskBaseSeconds { get; set; } = 2;

        /// <summary>Health check of one reachable machine (machines are checked in parallel).</summary>
        public double HealthPerMachineSeconds { get; set; } = 3;

        /// <summary>Tentacle upgrade of one machine (MSI install and service restart).</summary>
        public double UpgradePerMachineSeconds { get; set; } = 60;

        /// <summary>Calamari update of one machine.</summary>
        public double CalamariPerMachineSeconds { get; set; } = 10;

        /// <summary>A deployment already running when the estate starts (see <see cref="NodeDescription.RunningTasks"/>).</summary>
        public double DeploymentSeconds { get; set; } = 300;

        /// <summary>2.x backup task.</summary>
        public double BackupSeconds { get; set; } = 30;

        /// <summary>System integrity check.</summary>
        public double IntegrityCheckSeconds { get; set; } = 20;

        /// <summary>Indexing one package file in the built-in feed.</summary>
        public double IndexPerPackageSeconds { get; set; } = 2;

        /// <summary>Time the service needs to start, answering 503 meanwhile.</summary>
        public double ServiceStartSeconds { get; set; } = 10;

        /// <summary>Default <c>MachineTimeout</c> when a Health task does not pass one (the client's default is one minute).</summary>
        public double DefaultMachineTimeoutSeconds { get; set; } = 60;

        /// <summary>One deployment target's part of a deployment (machines deploy in parallel).</summary>
        public double DeployPerMachineSeconds { get; set; } = 10;

        /// <summary>How long after its deployment Hydra's scheduled task upgrades a Tentacle ("one minute later", SC:using-hydra).</summary>
        public double HydraScheduleDelaySeconds { get; set; } = 60;
    }
}
