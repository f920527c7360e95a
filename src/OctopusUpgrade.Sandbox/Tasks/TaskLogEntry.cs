using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>One activity in a task log (a machine, or the server itself), with its messages.</summary>
    public sealed class TaskLogEntry
    {
        internal TaskLogEntry(string name) => Name = name;

        /// <summary>Activity name (the machine name for per-machine steps).</summary>
        public string Name { get; }

        /// <summary><c>Pending</c>, <c>Running</c>, <c>Success</c>, <c>Failed</c>, <c>Skipped</c>, <c>SuccessWithWarning</c>, <c>Canceled</c>.</summary>
        public string Status { get; internal set; } = "Pending";

        /// <summary>Messages: (category, text), category one of <c>Info</c>, <c>Warning</c>, <c>Error</c>, <c>Verbose</c>.</summary>
        public List<(DateTimeOffset At, string Category, string Text)> Messages { get; } = [];
    }
}
