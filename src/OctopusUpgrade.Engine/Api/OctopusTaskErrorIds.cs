namespace OctopusUpgrade.Engine.Api
{
    /// <summary>The error ids of waiting on an Octopus server task.</summary>
    public static class OctopusTaskErrorIds
    {
        public const string Prefix = "OctopusTask";

        /// <summary>A task did not complete within the time allowed for waiting on it.</summary>
        public const string WaitTimedOut = "OctopusTaskWaitTimedOut";
    }
}
