using System;
using System.Management.Automation;

namespace OctopusUpgrade.Errors
{
    /// <summary>
    /// The exception inside every ErrorRecord the module writes. It lives in the cmdlet assembly (the engine's own
    /// exception type is private to the module's load context on PowerShell 7), so a script can catch it by type:
    /// <c>catch [OctopusUpgrade.Errors.OctopusUpgradeErrorException] { $_.Exception.ErrorId }</c>. Its message is
    /// already masked and it carries no inner exception, so no secret reaches $Error or Get-Error through it.
    /// </summary>
    public sealed class OctopusUpgradeErrorException : Exception
    {
        internal OctopusUpgradeErrorException(string errorId, ErrorCategory category, string message, string? previousErrorId)
            : base(message)
        {
            ErrorId = errorId;
            Category = category;
            PreviousErrorId = previousErrorId;
        }

        /// <summary>The stable error id, as in the first part of the record's FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        public ErrorCategory Category { get; }

        /// <summary>The id this error had in an earlier release, or null; documented in about_OctopusUpgrade.</summary>
        public string? PreviousErrorId { get; }

        /// <summary>Whether this error is <paramref name="errorId"/>, under its current or its previous id.</summary>
        public bool Is(string errorId) =>
            string.Equals(errorId, ErrorId, StringComparison.OrdinalIgnoreCase)
            || (PreviousErrorId is not null && string.Equals(errorId, PreviousErrorId, StringComparison.OrdinalIgnoreCase));
    }
}
