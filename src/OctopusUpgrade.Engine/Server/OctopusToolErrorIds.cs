namespace OctopusUpgrade.Engine.Server
{
    /// <summary>The error ids of running Octopus's command-line tools (Octopus.Server.exe and its kin).</summary>
    public static class OctopusToolErrorIds
    {
        public const string Prefix = "OctopusTool";

        public const string NotFound = "OctopusToolNotFound";
        public const string Failed = "OctopusToolFailed";

        /// <summary>The tool started as a Windows service host instead of running its command, so it did nothing.</summary>
        public const string RanAsService = "OctopusToolRanAsService";

        /// <summary>The tool did not exit within the time it was given (the time left of the step's timeout).</summary>
        public const string TimedOut = "OctopusToolTimedOut";

        /// <summary>A command's JSON output (version, list-instances, show-configuration) could not be read.</summary>
        public const string UnreadableOutput = "OctopusToolUnreadableOutput";
    }
}
