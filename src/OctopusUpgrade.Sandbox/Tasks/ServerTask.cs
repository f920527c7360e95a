using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A server task as the task queue runs it. Read it inside <see cref="Estate.Read{T}"/> for a consistent view.</summary>
    public sealed class ServerTask
    {
        internal ServerTask(string id, string name, string description, JsonObject arguments, string? spaceId, DateTimeOffset queueTime)
        {
            Id = id;
            Name = name;
            Description = description;
            Arguments = arguments;
            SpaceId = spaceId;
            QueueTime = queueTime;
            LastUpdatedTime = queueTime;
        }

        /// <summary>Task id, e.g. <c>ServerTasks-1</c>.</summary>
        public string Id { get; }

        /// <summary>Built-in task name: <c>Health</c>, <c>Upgrade</c>, <c>UpdateCalamari</c>, <c>Backup</c>, …</summary>
        public string Name { get; }

        /// <summary>Description given at creation.</summary>
        public string Description { get; }

        /// <summary>Arguments given at creation.</summary>
        public JsonObject Arguments { get; }

        /// <summary>Space the task belongs to; null for system tasks.</summary>
        public string? SpaceId { get; }

        /// <summary><c>Queued</c>, <c>Executing</c>, <c>Cancelling</c>, <c>Success</c>, <c>Failed</c>, <c>TimedOut</c> or <c>Canceled</c>.</summary>
        public string State { get; internal set; } = TaskStates.Queued;

        /// <summary>When the task was queued (simulated time).</summary>
        public DateTimeOffset QueueTime { get; }

        /// <summary>When a node started it.</summary>
        public DateTimeOffset? StartTime { get; internal set; }

        /// <summary>When it finished.</summary>
        public DateTimeOffset? CompletedTime { get; internal set; }

        /// <summary>Last change.</summary>
        public DateTimeOffset LastUpdatedTime { get; internal set; }

        /// <summary>Node running or having run it.</summary>
        public string? ServerNode { get; internal set; }

        /// <summary>Why it failed; empty otherwise.</summary>
        public string ErrorMessage { get; internal set; } = "";

        /// <summary>Whether the log holds warnings or errors.</summary>
        public bool HasWarningsOrErrors { get; internal set; }

        /// <summary>Whether the task has finished, whatever the outcome.</summary>
        public bool IsCompleted => TaskStates.IsCompleted(State);

        /// <summary>The task log: one entry per machine (or one for the server), in order.</summary>
        public List<TaskLogEntry> Log { get; } = [];

        internal TaskPlan? Plan { get; set; }

        /// <summary>The machines a running deployment holds (Deploy tasks only; set when it starts).</summary>
        internal HashSet<string> HeldMachineIds { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
