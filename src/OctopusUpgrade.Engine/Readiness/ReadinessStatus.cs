namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>How a readiness check came out.</summary>
    public enum ReadinessStatus
    {
        Pass,

        /// <summary>Not a blocker, but worth a look before the upgrade (or the check could not be made).</summary>
        Warn,

        /// <summary>The upgrade should not start until this is mended.</summary>
        Fail,
    }
}
