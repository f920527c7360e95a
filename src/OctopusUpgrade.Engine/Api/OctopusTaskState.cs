namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A server task's state, as the server names it. <see cref="Unknown"/> stands for a name this client does not know.</summary>
    public enum OctopusTaskState
    {
        Unknown = 0,
        Queued = 1,
        Executing = 2,
        Failed = 3,
        Canceled = 4,
        TimedOut = 5,
        Success = 6,
        Cancelling = 8,
    }
}
