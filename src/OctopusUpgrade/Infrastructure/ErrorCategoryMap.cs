using System.Management.Automation;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Errors;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>Maps the engine's failure kinds to PowerShell's error categories.</summary>
    internal static class ErrorCategoryMap
    {
        public static ErrorCategory ToErrorCategory(FailureCategory category) => category switch
        {
            FailureCategory.InvalidArgument => ErrorCategory.InvalidArgument,
            FailureCategory.InvalidData => ErrorCategory.InvalidData,
            FailureCategory.InvalidOperation => ErrorCategory.InvalidOperation,
            FailureCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
            FailureCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            FailureCategory.ConnectionError => ErrorCategory.ConnectionError,
            FailureCategory.AuthenticationError => ErrorCategory.AuthenticationError,
            FailureCategory.PermissionDenied => ErrorCategory.PermissionDenied,
            FailureCategory.OperationTimeout => ErrorCategory.OperationTimeout,
            FailureCategory.OperationStopped => ErrorCategory.OperationStopped,
            FailureCategory.NotImplemented => ErrorCategory.NotImplemented,
            FailureCategory.WriteError => ErrorCategory.WriteError,
            FailureCategory.ReadError => ErrorCategory.ReadError,
            FailureCategory.LimitsExceeded => ErrorCategory.LimitsExceeded,
            FailureCategory.ResourceExists => ErrorCategory.ResourceExists,
            _ => ErrorCategory.NotSpecified,
        };

        /// <param name="error">The engine's error.</param>
        /// <param name="maskedMessage">Its message with every known secret masked.</param>
        /// <param name="maskedTarget">Its target, masked where it is text.</param>
        public static ErrorRecord ToErrorRecord(OctopusUpgradeException error, string maskedMessage, object? maskedTarget)
        {
            var category = ToErrorCategory(error.Category);
            var exception = new OctopusUpgradeErrorException(error.ErrorId, category, maskedMessage, ErrorIdAliases.Of(error.ErrorId));
            return new ErrorRecord(exception, error.ErrorId, category, maskedTarget);
        }
    }
}
