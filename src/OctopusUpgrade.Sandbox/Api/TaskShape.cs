using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Task JSON per era, as recorded: 2.6.5 tasks (no <c>ServerNode</c>, <c>Details{?verbose}</c>), 3.3.0 (<c>ServerNode</c>,
    /// <c>Details{?verbose,tail}</c>), 2017 (<c>QueueTimeExpiry</c>, interruptions link by regarding); 2019 adds <c>SpaceId</c>.
    /// </summary>
    internal static class TaskShape
    {
        public static JsonObject For(ServerTask task, Estate estate)
        {
            var version = estate.Version;
            var now = estate.Clock.GetUtcNow();
            var json = new JsonObject
            {
                ["Id"] = task.Id,
                ["Name"] = task.Name,
                ["Description"] = task.Description,
                ["Arguments"] = task.Arguments.DeepClone(),
                ["State"] = task.State,
                ["Completed"] = task.CompletedTime is { } done ? estate.Culture.Display(done) : null,
                ["QueueTime"] = OctopusFormats.Iso(task.QueueTime),
            };
            if (version.AtLeast(3, 4))
            {
                json["QueueTimeExpiry"] = null;
            }

            json["StartTime"] = task.StartTime is { } started ? OctopusFormats.Iso(started) : null;
            json["LastUpdatedTime"] = OctopusFormats.Iso(task.LastUpdatedTime);
            json["CompletedTime"] = task.CompletedTime is { } completed ? OctopusFormats.Iso(completed) : null;
            if (!version.IsLegacy2x)
            {
                json["ServerNode"] = task.ServerNode;
            }

            json["Duration"] = OctopusFormats.Duration((task.CompletedTime ?? now) - (task.StartTime ?? task.QueueTime));
            // 2.6 leaves ErrorMessage empty on a failed task (HasWarningsOrErrors is true); the reason is only in the log.
            json["ErrorMessage"] = version.IsLegacy2x ? "" : task.ErrorMessage;
            json["HasBeenPickedUpByProcessor"] = task.StartTime is not null;
            json["IsCompleted"] = task.IsCompleted;
            json["FinishedSuccessfully"] = task.State == TaskStates.Success;
            json["HasPendingInterruptions"] = false;
            json["CanRerun"] = task.IsCompleted;
            json["HasWarningsOrErrors"] = task.HasWarningsOrErrors;
            if (version.HasSpaces)
            {
                json["SpaceId"] = task.SpaceId;
            }

            json["Links"] = Links(task.Id, version);
            return json;
        }

        /// <summary><c>TaskDetailsResource</c>: the task, its activity tree and progress.</summary>
        public static JsonObject Details(ServerTask task, Estate estate)
        {
            var done = task.Log.Count(e => e.Status is not ("Running" or "Pending"));
            var percentage = task.IsCompleted ? 100 : task.Log.Count == 0 ? 0 : 100 * done / task.Log.Count;
            var remaining = task.Plan is { } plan && !task.IsCompleted ? plan.EndsAt - estate.Clock.GetUtcNow() : TimeSpan.Zero;
            return new JsonObject
            {
                ["Task"] = For(task, estate),
                ["ActivityLogs"] = new JsonArray(ActivityTree(task)),
                ["Progress"] = new JsonObject
                {
                    ["ProgressPercentage"] = percentage,
                    ["EstimatedTimeRemaining"] = task.IsCompleted ? null : OctopusFormats.Duration(remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining),
                },
                ["PhysicalLogSize"] = Raw(task).Length,
                ["Links"] = new JsonObject { ["Self"] = "/api/tasks/" + task.Id + "/details" },
            };
        }

        /// <summary>The plain-text log (<c>/raw</c>).</summary>
        public static string Raw(ServerTask task) => string.Join("\n", task.Log.SelectMany(e =>
            e.Messages.Select(m => m.At.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "   " + m.Category.PadRight(8) + " |   " + e.Name + ": " + m.Text)));

        private static JsonObject ActivityTree(ServerTask task)
        {
            var rootStatus = task.State switch
            {
                TaskStates.Queued => "Pending",
                TaskStates.Executing or TaskStates.Cancelling => "Running",
                TaskStates.Success => task.HasWarningsOrErrors ? "SuccessWithWarning" : "Success",
                TaskStates.Canceled => "Canceled",
                _ => "Failed",
            };
            return Element("ServerTask-" + task.Id, task.Description, rootStatus, task.StartTime, task.CompletedTime,
                new JsonArray(task.Log.Select((e, i) => (JsonNode?)Element(
                    "ServerTask-" + task.Id + "_" + i, e.Name, e.Status, task.StartTime, e.Messages.Count > 0 ? e.Messages[^1].At : null, new JsonArray(),
                    new JsonArray(e.Messages.Select(m => (JsonNode?)new JsonObject
                    {
                        ["Category"] = m.Category,
                        ["OccurredAt"] = OctopusFormats.Iso(m.At),
                        ["MessageText"] = m.Text,
                        ["Detail"] = null,
                    }).ToArray()))).ToArray()),
                new JsonArray());
        }

        private static JsonObject Element(string id, string name, string status, DateTimeOffset? started, DateTimeOffset? ended, JsonArray children, JsonArray logElements) => new()
        {
            ["Id"] = id,
            ["Name"] = name,
            ["Started"] = started is { } s ? OctopusFormats.Iso(s) : null,
            ["Ended"] = ended is { } e ? OctopusFormats.Iso(e) : null,
            ["Status"] = status,
            ["Children"] = children,
            ["ShowAtSummaryLevel"] = true,
            ["LogElements"] = logElements,
            ["ProgressPercentage"] = status is "Pending" or "Running" ? 0 : 100,
            ["ProgressMessage"] = null,
        };

        private static JsonObject Links(string id, ServerVersion version)
        {
            var self = "/api/tasks/" + id;
            return new JsonObject
            {
                ["Self"] = self,
                ["Web"] = "/app#/tasks/" + id,
                ["Raw"] = self + "/raw",
                ["Rerun"] = "/api/tasks/rerun/" + id,
                ["Cancel"] = self + "/cancel",
                ["QueuedBehind"] = self + "/queued-behind" + (version.IsLegacy2x ? "" : "{?skip}"),
                ["Details"] = self + "/details" + (version.IsLegacy2x ? "{?verbose}" : "{?verbose,tail}"),
                ["Artifacts"] = "/api/artifacts?regarding=" + id,
                ["Interruptions"] = version.AtLeast(3, 4) ? "/api/interruptions?regarding=" + id : "/api/tasks",
            };
        }
    }
}
