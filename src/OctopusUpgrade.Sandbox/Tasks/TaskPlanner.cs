using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Decides, when a node picks a task up, how long it runs, how it ends and what it changes.</summary>
    internal static class TaskPlanner
    {
        /// <summary>Task names the queue accepts; others get a 400. Calamari arrived with 3.0.</summary>
        public static bool IsKnown(Estate estate, string name) =>
            name is "Health" or "Upgrade" or "SystemIntegrityCheck"
            || (name == "UpdateCalamari" && !estate.Version.IsLegacy2x)
            || (name == "Backup" && BackupAvailable(estate))
            || (name == estate.Assumptions.ReindexTaskName && ReindexTaskAvailable(estate));

        public static bool BackupAvailable(Estate estate) => estate.Assumptions.BackupTaskAvailable ?? estate.Version.IsLegacy2x;

        public static bool ReindexTaskAvailable(Estate estate) =>
            estate.Version.AtLeast(ServerVersion.Parse(estate.Assumptions.ReindexTaskSince));

        /// <summary>Whether the task must wait: an Upgrade never runs while a deployment holds one of its machines.</summary>
        public static bool IsBlocked(Estate estate, ServerTask task)
        {
            if (task.Name != "Upgrade")
            {
                return false;
            }

            var deploying = estate.TaskList.Where(t => t.Name == "Deploy" && t.State is TaskStates.Executing or TaskStates.Cancelling)
                .SelectMany(t => t.HeldMachineIds)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            return MachineTargets.Resolve(estate, task).Any(m => (m.HeldByDeployment || deploying.Contains(m.Id)) && !m.UpgradeLocked);
        }

        public static TaskPlan Plan(Estate estate, ServerTask task, DateTimeOffset now, TaskFault? fault)
        {
            var baseTime = TimeSpan.FromSeconds(estate.Durations.TaskBaseSeconds);
            var steps = task.Name switch
            {
                "Health" => MachineSteps(estate, task, HealthStep),
                "Upgrade" => MachineSteps(estate, task, UpgradeStep),
                "UpdateCalamari" => MachineSteps(estate, task, CalamariStep),
                "Deploy" => DeployPlanner.Steps(estate, task),
                "Backup" => [ServerStep(task, estate.Durations.BackupSeconds, "Backup completed", BackupFile)],
                _ when task.Name == estate.Assumptions.ReindexTaskName => [ReindexStep(estate, task, now)],
                _ => [ServerStep(task, estate.Durations.IntegrityCheckSeconds, "System integrity check completed", _ => { })],
            };
            var natural = baseTime + (steps.Count == 0 ? TimeSpan.Zero : steps.Max(s => s.Duration));
            var failures = steps.Where(s => s.Status == "Failed").ToList();
            var finalState = failures.Count > 0 && (task.Name != "Health" || estate.Assumptions.HealthTaskFailsWhenMachineUnavailable)
                ? TaskStates.Failed
                : TaskStates.Success;
            var error = failures.Count == 0 ? "" : FailureMessage(task, failures);

            if (TimeoutArgument(task) is { } timeout && timeout < natural)
            {
                return new TaskPlan(now + timeout, TaskStates.TimedOut, "The task timed out after " + timeout.ToString("c", CultureInfo.InvariantCulture) + ".", _ => { });
            }

            if (fault is not null)
            {
                // An Executing fault is a task that never ends by itself (cancel it); the others end as the fault says.
                var at = fault.State switch
                {
                    TaskStates.Executing => DateTimeOffset.MaxValue,
                    TaskStates.TimedOut => now + (TimeoutArgument(task) ?? natural),
                    _ => now + natural,
                };
                return new TaskPlan(at, fault.State, fault.Message, _ => { });
            }

            return new TaskPlan(now + natural, finalState, error, e =>
            {
                foreach (var step in steps)
                {
                    step.Apply(e);
                }

                task.HasWarningsOrErrors = steps.Any(s => s.Status is "Failed" or "Skipped" or "SuccessWithWarning");
            });
        }

        private static string FailureMessage(ServerTask task, List<TaskStep> failures) => task.Name switch
        {
            "Health" => "The following deployment targets were unavailable: " + string.Join(", ", failures.Select(f => f.Entry.Name)),
            _ => "Task failed on " + failures.Count + " machine(s): " + string.Join(", ", failures.Select(f => f.Entry.Name)),
        };

        private static TimeSpan? TimeoutArgument(ServerTask task) =>
            task.Arguments["Timeout"]?.GetValue<string>() is { } text && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout) ? timeout : null;

        private static List<TaskStep> MachineSteps(Estate estate, ServerTask task, Func<Estate, ServerTask, Machine, TaskStep> step) =>
            MachineTargets.Resolve(estate, task).Select(m => step(estate, task, m)).ToList();

        private static TaskStep HealthStep(Estate estate, ServerTask task, Machine machine)
        {
            var now = estate.Clock.GetUtcNow();
            var problem = Reachability.Problem(estate, machine);
            if (problem is not null && (!machine.IsOnline || machine.CommunicationStyle == "TentacleActive"))
            {
                // Nothing answers: the check waits out the machine timeout (2.x reads no MachineTimeout argument).
                var machineTimeout = !estate.Version.IsLegacy2x && task.Arguments["MachineTimeout"]?.GetValue<string>() is { } text && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t)
                    ? t
                    : TimeSpan.FromSeconds(estate.Durations.DefaultMachineTimeoutSeconds);
                return Unavailable(task, machine, machineTimeout,
                    "The health check of " + machine.Name + " timed out after " + machineTimeout.ToString("c", CultureInfo.InvariantCulture) + ". " + problem);
            }

            if (problem is not null)
            {
                return Unavailable(task, machine, TimeSpan.FromSeconds(estate.Durations.HealthPerMachineSeconds),
                    "An error occurred when sending a request to '" + machine.Uri + "': the connection was closed unexpectedly. " + problem);
            }

            var outdated = TentacleVersion.IsOlder(machine.TentacleVersion, estate.BundledTentacleVersion);
            var entry = Entry(task, machine.Name);
            return new TaskStep(entry, TimeSpan.FromSeconds(estate.Durations.HealthPerMachineSeconds), outdated ? "SuccessWithWarning" : "Success", e =>
            {
                Finish(e, entry, outdated ? "SuccessWithWarning" : "Success", outdated ? "Warning" : "Info",
                    outdated ? "Tentacle version " + machine.TentacleVersion + " is older than " + e.BundledTentacleVersion + "; an upgrade is suggested." : "Tentacle version " + machine.TentacleVersion);
                machine.HealthStatus = outdated ? "HasWarnings" : "Healthy";
                machine.Status = outdated ? "NeedsUpgrade" : "Online";
                machine.StatusSummary = "Octopus was able to successfully establish a connection with this machine on " + Stamp(e, now);
            });
        }

        // 2.x writes the stamp in the server's culture ("Friday, July 3, 2015 3:39 PM"); later servers add seconds and offset.
        private static string Stamp(Estate estate, DateTimeOffset at) =>
            estate.Version.IsLegacy2x ? estate.Culture.Display(at) : OctopusFormats.Stamp(at);

        private static TaskStep Unavailable(ServerTask task, Machine machine, TimeSpan duration, string message)
        {
            var entry = Entry(task, machine.Name);
            return new TaskStep(entry, duration, "Failed", e =>
            {
                Finish(e, entry, "Failed", "Error", message);
                machine.HealthStatus = "Unavailable";
                machine.Status = "Offline";
                machine.StatusSummary = "The machine was unavailable on " + Stamp(e, e.Clock.GetUtcNow()) + ". " + message;
            });
        }

        private static TaskStep UpgradeStep(Estate estate, ServerTask task, Machine machine)
        {
            var entry = Entry(task, machine.Name);
            if (machine.UpgradeLocked)
            {
                return new TaskStep(entry, TimeSpan.Zero, "Skipped", e => Finish(e, entry, "Skipped", "Info", "Tentacle upgrades are locked for " + machine.Name + "; skipped."));
            }

            if (Reachability.Problem(estate, machine) is { } problem)
            {
                return new TaskStep(entry, TimeSpan.FromSeconds(estate.Durations.DefaultMachineTimeoutSeconds), "Failed",
                    e => Finish(e, entry, "Failed", "Error", "Could not connect to " + machine.Name + " to upgrade its Tentacle. " + problem));
            }

            if (!TentacleVersion.IsOlder(machine.TentacleVersion, estate.BundledTentacleVersion))
            {
                return new TaskStep(entry, TimeSpan.Zero, "Success", e => Finish(e, entry, "Success", "Info", "Tentacle " + machine.TentacleVersion + " is already up to date."));
            }

            return new TaskStep(entry, TimeSpan.FromSeconds(estate.Durations.UpgradePerMachineSeconds), "Success", e =>
            {
                Finish(e, entry, "Success", "Info", "Upgraded Tentacle from " + machine.TentacleVersion + " to " + e.BundledTentacleVersion + ".");
                machine.TentacleVersion = e.BundledTentacleVersion;
                machine.HasLatestCalamari = true;
                machine.HealthStatus = "Healthy";
                machine.Status = "Online";
            });
        }

        private static TaskStep CalamariStep(Estate estate, ServerTask task, Machine machine)
        {
            var entry = Entry(task, machine.Name);
            var reachable = Reachability.Problem(estate, machine) is null;
            return new TaskStep(entry, TimeSpan.FromSeconds(estate.Durations.CalamariPerMachineSeconds), reachable ? "Success" : "Failed", e =>
            {
                Finish(e, entry, reachable ? "Success" : "Failed", reachable ? "Info" : "Error", reachable ? "Calamari is up to date." : "Could not connect to " + machine.Name + ".");
                machine.HasLatestCalamari |= reachable;
            });
        }

        private static TaskStep ServerStep(ServerTask task, double seconds, string message, Action<Estate> effect)
        {
            var entry = Entry(task, task.Description);
            return new TaskStep(entry, TimeSpan.FromSeconds(seconds), "Success", e =>
            {
                effect(e);
                Finish(e, entry, "Success", "Info", message);
            });
        }

        private static TaskStep ReindexStep(Estate estate, ServerTask task, DateTimeOffset now)
        {
            var duration = estate.Feed.Reindex() - now;
            return ServerStep(task, duration.TotalSeconds, "Re-indexed the built-in package repository", _ => { });
        }

        // UNCONFIRMED: the 2.6 backup file name pattern; only the .octobak extension is documented.
        private static void BackupFile(Estate estate) =>
            LegacyBackupFile.Write(estate, Path.Combine(Directory.CreateDirectory(estate.LegacyBackupFolder).FullName, "OctopusBackup-" + estate.Clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".octobak"));

        /// <summary>Adds a running activity to the task's log.</summary>
        internal static TaskLogEntry Entry(ServerTask task, string name)
        {
            var entry = new TaskLogEntry(name) { Status = "Running" };
            task.Log.Add(entry);
            return entry;
        }

        /// <summary>Ends an activity with a status and a message.</summary>
        internal static void Finish(Estate estate, TaskLogEntry entry, string status, string category, string message)
        {
            entry.Status = status;
            entry.Messages.Add((estate.Clock.GetUtcNow(), category, message));
        }
    }
}
