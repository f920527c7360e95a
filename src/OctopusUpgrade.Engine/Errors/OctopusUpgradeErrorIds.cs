namespace OctopusUpgrade.Engine.Errors
{
    /// <summary>Error ids that belong to no one feature. Every catalog's ids are unique and start with its <c>Prefix</c>.</summary>
    public static class OctopusUpgradeErrorIds
    {
        public const string Prefix = "OctopusUpgrade";

        /// <summary>A failure nobody meant a user to read (a bug): still an error with a stable id, and masked.</summary>
        public const string UnexpectedFailure = "OctopusUpgradeUnexpectedFailure";
    }
}
