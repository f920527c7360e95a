using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>What a started task will do: when it ends, how, and what it changes on the estate (and in its own log) when it does.</summary>
    internal sealed class TaskPlan
    {
        public TaskPlan(DateTimeOffset endsAt, string finalState, string errorMessage, Action<Estate> apply)
        {
            EndsAt = endsAt;
            FinalState = finalState;
            ErrorMessage = errorMessage;
            Apply = apply;
        }

        public DateTimeOffset EndsAt { get; }

        public string FinalState { get; }

        public string ErrorMessage { get; }

        /// <summary>Effect on the estate at the end (machine health, versions…); runs under the estate lock.</summary>
        public Action<Estate> Apply { get; }
    }
}
