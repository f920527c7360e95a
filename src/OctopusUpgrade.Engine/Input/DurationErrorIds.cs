namespace OctopusUpgrade.Engine.Input
{
    /// <summary>The error ids of reading a duration parameter (-Timeout and its kin).</summary>
    public static class DurationErrorIds
    {
        public const string Prefix = "Duration";

        public const string NotRecognised = "DurationNotRecognised";
        public const string NotPositive = "DurationNotPositive";
    }
}
