namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>How a journalled step ended.</summary>
    public enum StepOutcome
    {
        Succeeded,
        Failed,
        Cancelled,
        Skipped,
    }
}
