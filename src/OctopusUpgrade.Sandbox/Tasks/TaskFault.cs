namespace OctopusUpgrade.Sandbox
{
    /// <summary>A forced outcome for the next task of a name.</summary>
    /// <param name="TaskName">Task name it applies to (<c>*</c> for any).</param>
    /// <param name="State"><c>Failed</c> or <c>TimedOut</c>.</param>
    /// <param name="Message">The task's <c>ErrorMessage</c>.</param>
    public sealed record TaskFault(string TaskName, string State, string Message);
}
