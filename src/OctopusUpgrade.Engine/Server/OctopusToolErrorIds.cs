namespace OctopusUpgrade.Engine.Server
{
    /// <summary>The error ids of running Octopus's command-line tools (Octopus.Server.exe and its kin).</summary>
    public static class OctopusToolErrorIds
    {
        public const string Prefix = "OctopusTool";

        public const string NotFound = "OctopusToolNotFound";
        public const string Failed = "OctopusToolFailed";
    }
}
