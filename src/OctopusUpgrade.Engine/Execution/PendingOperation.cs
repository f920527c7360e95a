using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// The answer of a step whose engine work has not been built yet: a specific, terminating error, so that
    /// nothing pretends to succeed.
    /// </summary>
    public static class PendingOperation
    {
        /// <param name="commandName">The cmdlet's name, such as <c>Backup-OctopusDatabase</c>.</param>
        public static OctopusUpgradeException NotAvailableYet(string commandName) =>
            new(
                commandName.Replace("-", string.Empty) + "NotAvailableYet",
                FailureCategory.NotImplemented,
                $"{commandName} is not available yet in OctopusUpgrade {EngineVersion.Current}: its parameters are in place, but the step itself has not been built. Nothing was changed.",
                commandName);
    }
}
