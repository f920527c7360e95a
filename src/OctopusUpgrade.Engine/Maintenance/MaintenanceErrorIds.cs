namespace OctopusUpgrade.Engine.Maintenance
{
    /// <summary>The error ids of maintenance mode and draining tasks.</summary>
    public static class MaintenanceErrorIds
    {
        public const string Prefix = "Maintenance";

        /// <summary>The server's API offers no maintenance switch (2.x roots have no <c>MaintenanceConfiguration</c> link).</summary>
        public const string NotAvailable = "MaintenanceNotAvailable";

        /// <summary>The switch was set, yet reading it back shows the other state.</summary>
        public const string NotConfirmed = "MaintenanceNotConfirmed";

        /// <summary>-Node names a node the server does not list.</summary>
        public const string NodeNotFound = "MaintenanceNodeNotFound";

        /// <summary>The server cannot list only its active tasks (a 2.x <c>Tasks</c> link), so draining cannot be watched.</summary>
        public const string TasksNotListable = "MaintenanceTasksNotListable";

        /// <summary>Tasks were still running or queued when -Timeout passed (and were not cancelled, or did not stop).</summary>
        public const string TasksStillRunning = "MaintenanceTasksStillRunning";
    }
}
