namespace OctopusUpgrade.Engine.Errors
{
    /// <summary>
    /// What kind of failure an engine error is. The cmdlet layer maps each to a PowerShell ErrorCategory, so the
    /// engine needs no PowerShell reference and the categories stay stable.
    /// </summary>
    public enum FailureCategory
    {
        NotSpecified = 0,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        ResourceUnavailable,
        ConnectionError,
        AuthenticationError,
        PermissionDenied,
        OperationTimeout,
        OperationStopped,
        NotImplemented,
        WriteError,
        ReadError,
        LimitsExceeded,
        ResourceExists,
    }
}
