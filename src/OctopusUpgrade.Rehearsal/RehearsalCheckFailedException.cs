using System;

namespace OctopusUpgrade.Rehearsal
{
    /// <summary>What an outside check found that contradicts the step's own result.</summary>
    internal sealed class RehearsalCheckFailedException : Exception
    {
        public RehearsalCheckFailedException(string message)
            : base(message)
        {
        }

        public static void Unless(bool holds, string message)
        {
            if (!holds)
            {
                throw new RehearsalCheckFailedException(message);
            }
        }
    }
}
