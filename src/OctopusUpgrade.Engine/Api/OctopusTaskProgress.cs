namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A running task's progress as the server estimates it.</summary>
    public sealed class OctopusTaskProgress
    {
        public int ProgressPercentage { get; init; }

        /// <summary>The server's wording (a TimeSpan-like string), kept as text.</summary>
        public string? EstimatedTimeRemaining { get; init; }
    }
}
