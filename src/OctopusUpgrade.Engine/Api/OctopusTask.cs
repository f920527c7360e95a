using System;
using System.Collections.Generic;
using Newtonsoft.Json;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A server task (<c>/api/tasks/{id}</c>): health check, Tentacle upgrade, backup, deployment.</summary>
    public sealed class OctopusTask
    {
        public string Id { get; init; } = string.Empty;

        /// <summary>The built-in task name: <c>Health</c>, <c>Upgrade</c>, <c>Backup</c>, <c>Deploy</c>…</summary>
        public string Name { get; init; } = string.Empty;

        public string? Description { get; init; }

        /// <summary>The state exactly as the server sent it, so a state this client does not know is still shown.</summary>
        [JsonProperty("State")]
        public string? StateName { get; init; }

        [JsonIgnore]
        public OctopusTaskState State =>
            Enum.TryParse<OctopusTaskState>(StateName, ignoreCase: true, out var state) && Enum.IsDefined(typeof(OctopusTaskState), state)
                ? state
                : OctopusTaskState.Unknown;

        public bool IsCompleted { get; init; }

        public bool FinishedSuccessfully { get; init; }

        public bool HasWarningsOrErrors { get; init; }

        public bool HasPendingInterruptions { get; init; }

        public string? ErrorMessage { get; init; }

        public DateTimeOffset? QueueTime { get; init; }

        public DateTimeOffset? StartTime { get; init; }

        public DateTimeOffset? CompletedTime { get; init; }

        /// <summary>Human-readable duration as the server words it ("32 seconds").</summary>
        public string? Duration { get; init; }

        /// <summary>The HA node that ran (or is running) the task.</summary>
        public string? ServerNode { get; init; }

        public string? SpaceId { get; init; }

        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    }
}
