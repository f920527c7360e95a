using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// The answer of a step whose engine work has not been built yet: a specific, terminating error, so that
    /// nothing pretends to succeed. Its id, in the feature's catalog, is the cmdlet's name without the hyphen
    /// followed by <c>NotAvailableYet</c>.
    /// </summary>
    public static class PendingOperation
    {
        /// <param name="errorId">The step's id from its feature's catalog, such as <c>BackupOctopusDatabaseNotAvailableYet</c>.</param>
        /// <param name="commandName">The cmdlet's name, such as <c>Backup-OctopusDatabase</c>.</param>
        public static OctopusUpgradeException NotAvailableYet(string errorId, string commandName) =>
            new(
                errorId,
                FailureCategory.NotImplemented,
                $"{commandName} is not available yet in OctopusUpgrade {EngineVersion.Current}: its parameters are in place, but the step itself has not been built. Nothing was changed.",
                commandName);
    }
}
