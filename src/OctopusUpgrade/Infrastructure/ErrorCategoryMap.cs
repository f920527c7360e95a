using System.Management.Automation;
using OctopusUpgrade.Engine.Errors;

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

        public static ErrorRecord ToErrorRecord(OctopusUpgradeException error) =>
            new(error, error.ErrorId, ToErrorCategory(error.Category), error.Target);
    }
}
