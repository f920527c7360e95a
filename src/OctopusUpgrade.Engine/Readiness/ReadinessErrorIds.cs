namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>The error ids of the pre-upgrade readiness checks.</summary>
    public static class ReadinessErrorIds
    {
        public const string Prefix = "Readiness";

        /// <summary>A check failed (non-terminating; its remedy is in the message). The check's result says the same.</summary>
        public const string CheckFailed = "ReadinessCheckFailed";
    }
}
