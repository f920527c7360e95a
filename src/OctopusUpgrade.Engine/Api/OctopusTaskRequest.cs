using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// A server task to queue (<c>POST /api/tasks</c>). Use the factories for the built-in tasks the module queues;
    /// they send only the arguments given (the 3.x set: <c>EnvironmentId</c>, <c>MachineIds</c>, <c>Timeout</c>,
    /// <c>MachineTimeout</c>), so a 2.x Health task carries only the <c>Timeout</c> and <c>EnvironmentId</c> it knows.
    /// </summary>
    public sealed class OctopusTaskRequest
    {
        public OctopusTaskRequest(string name, string description, IReadOnlyDictionary<string, object>? arguments = null, bool isSystemTask = false)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A task name is required.", nameof(name));
            }

            Name = name;
            Description = description;
            Arguments = arguments ?? new Dictionary<string, object>();
            IsSystemTask = isSystemTask;
        }

        public string Name { get; }

        public string Description { get; }

        /// <summary>Argument name to a string or a string array, sent as the task's <c>Arguments</c>.</summary>
        public IReadOnlyDictionary<string, object> Arguments { get; }

        /// <summary>True for tasks that belong to the server rather than a space (Backup): queued without a space.</summary>
        public bool IsSystemTask { get; }

        /// <summary>
        /// A health check of the given machines, or of a whole environment (or the estate) when
        /// <paramref name="machineIds"/> is empty. <c>MachineTimeout</c> is sent only when given: 2.x servers predate it
        /// and <c>MachineIds</c>, so for them pass neither.
        /// </summary>
        public static OctopusTaskRequest Health(
            string description,
            string? environmentId = null,
            IEnumerable<string>? machineIds = null,
            TimeSpan? timeout = null,
            TimeSpan? machineTimeout = null)
        {
            var arguments = Targets(environmentId, machineIds);
            // TimeSpan arguments travel in .NET's constant format ("00:05:00"), which is what the server parses.
            arguments["Timeout"] = (timeout ?? TimeSpan.FromMinutes(5)).ToString("c", CultureInfo.InvariantCulture);
            if (machineTimeout is not null)
            {
                arguments["MachineTimeout"] = machineTimeout.Value.ToString("c", CultureInfo.InvariantCulture);
            }

            return new OctopusTaskRequest("Health", description, arguments);
        }

        /// <summary>A Tentacle upgrade of the given machines, or of a whole environment when <paramref name="machineIds"/> is empty.</summary>
        public static OctopusTaskRequest Upgrade(string description, string? environmentId = null, IEnumerable<string>? machineIds = null) =>
            new("Upgrade", description, Targets(environmentId, machineIds));

        /// <summary>A Calamari update of the given machines.</summary>
        public static OctopusTaskRequest UpdateCalamari(string description, IEnumerable<string> machineIds) =>
            new("UpdateCalamari", description, Targets(null, machineIds));

        /// <summary>A database backup (2.x's built-in backup); a system task.</summary>
        public static OctopusTaskRequest Backup(string description = "Manual backup") =>
            new("Backup", description, isSystemTask: true);

        /// <summary>The server's check of its own database (3.x and later); a system task.</summary>
        public static OctopusTaskRequest SystemIntegrityCheck(string description = "Check System Integrity") =>
            new("SystemIntegrityCheck", description, isSystemTask: true);

        private static Dictionary<string, object> Targets(string? environmentId, IEnumerable<string>? machineIds)
        {
            var arguments = new Dictionary<string, object>(StringComparer.Ordinal);
            if (!string.IsNullOrEmpty(environmentId))
            {
                arguments["EnvironmentId"] = environmentId!;
            }

            // Always an array: a comma-joined string (as one official sample sends) is not what the server models.
            var ids = machineIds?.ToArray() ?? Array.Empty<string>();
            if (ids.Length > 0)
            {
                arguments["MachineIds"] = ids;
            }

            return arguments;
        }
    }
}
