namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>One progress update, shaped like PowerShell's ProgressRecord so the cmdlet layer maps it one to one.</summary>
    public sealed record OperationProgress(int ActivityId, string Activity, string Status)
    {
        public int ParentActivityId { get; init; } = -1;

        /// <summary>0–100, or -1 when unknown.</summary>
        public int PercentComplete { get; init; } = -1;

        /// <summary>Estimated seconds left, or -1 when unknown.</summary>
        public int SecondsRemaining { get; init; } = -1;

        public string? CurrentOperation { get; init; }

        /// <summary>True when the activity has finished and its bar should disappear.</summary>
        public bool Completed { get; init; }
    }
}
