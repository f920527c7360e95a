namespace OctopusUpgrade.Sandbox
{
    /// <summary>State of the simulated Windows service.</summary>
    public enum ServiceState
    {
        /// <summary>Serving requests.</summary>
        Running,

        /// <summary>Not running: connections are dropped.</summary>
        Stopped,

        /// <summary>Started, not yet serving: 503.</summary>
        Starting,
    }
}
