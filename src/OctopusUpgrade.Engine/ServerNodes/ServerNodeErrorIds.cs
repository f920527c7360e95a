namespace OctopusUpgrade.Engine.ServerNodes
{
    /// <summary>The error ids of stopping and starting an Octopus Server node (Stop-/Start-OctopusServerNode).</summary>
    public static class ServerNodeErrorIds
    {
        public const string Prefix = "ServerNode";

        /// <summary>The session does not know the install folder, so Octopus.Server.exe cannot be run.</summary>
        public const string InstallPathUnknown = "ServerNodeInstallPathUnknown";

        /// <summary>The instance's configuration names no node (<c>Octopus.Server.NodeName</c>).</summary>
        public const string NodeNameUnknown = "ServerNodeNameUnknown";

        /// <summary>The drain was asked for, yet the API does not show the node draining.</summary>
        public const string NotDrained = "ServerNodeNotDrained";

        /// <summary>The drain was lifted, yet the API still shows the node draining.</summary>
        public const string NotResumed = "ServerNodeNotResumed";

        /// <summary>The service was stopped, yet the node still answers or reports within the timeout.</summary>
        public const string NotStopped = "ServerNodeNotStopped";

        /// <summary>The service was started, yet /api did not answer with the installed version within the timeout.</summary>
        public const string NotStarted = "ServerNodeNotStarted";

        /// <summary>The watchdog was deleted or created, yet the instance's configuration says otherwise.</summary>
        public const string WatchdogNotChanged = "ServerNodeWatchdogNotChanged";
    }
}
