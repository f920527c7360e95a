namespace OctopusUpgrade.Sandbox
{
    /// <summary>Task state names as the API serialises them.</summary>
    public static class TaskStates
    {
        /// <summary>Waiting for a node.</summary>
        public const string Queued = "Queued";

        /// <summary>Running.</summary>
        public const string Executing = "Executing";

        /// <summary>Cancel requested, still running.</summary>
        public const string Cancelling = "Cancelling";

        /// <summary>Finished successfully.</summary>
        public const string Success = "Success";

        /// <summary>Finished with an error.</summary>
        public const string Failed = "Failed";

        /// <summary>Hit its timeout.</summary>
        public const string TimedOut = "TimedOut";

        /// <summary>Canceled.</summary>
        public const string Canceled = "Canceled";

        /// <summary>Mirrors the client's rule: everything but Queued, Executing and Cancelling is completed.</summary>
        public static bool IsCompleted(string state) => state is not (Queued or Executing or Cancelling);
    }
}
