using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OctopusUpgrade.Sandbox;

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
    public static bool IsBlocked(Estate estate, ServerTask task) =>
        task.Name == "Upgrade" && MachineTargets.Resolve(estate, task).Any(m => m.HeldByDeployment && !m.UpgradeLocked);

    public static TaskPlan Plan(Estate estate, ServerTask task, DateTimeOffset now, TaskFault? fault)
    {
        var baseTime = TimeSpan.FromSeconds(estate.Durations.TaskBaseSeconds);
        var steps = task.Name switch
        {
            "Health" => MachineSteps(estate, task, HealthStep),
            "Upgrade" => MachineSteps(estate, task, UpgradeStep),
            "UpdateCalamari" => MachineSteps(estate, task, CalamariStep),
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
            var at = fault.State == TaskStates.TimedOut ? now + (TimeoutArgument(task) ?? natural) : now + natural;
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
        if (!machine.IsOnline)
        {
            var machineTimeout = task.Arguments["MachineTimeout"]?.GetValue<string>() is { } text && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t)
                ? t
                : TimeSpan.FromSeconds(estate.Durations.DefaultMachineTimeoutSeconds);
            return Unavailable(task, machine, machineTimeout,
                "The health check of " + machine.Name + " timed out after " + machineTimeout.ToString("c", CultureInfo.InvariantCulture) + " (MachineTimeout).");
        }

        if (!TentacleVersion.CanTalk(estate.Version, machine.TentacleVersion))
        {
            var why = estate.Version.IsLegacy2x
                ? "Tentacle " + machine.TentacleVersion + " speaks the 3.x (Halibut) protocol, which a 2.x server cannot use."
                : "Tentacle " + machine.TentacleVersion + " speaks the 2.x protocol, which a 3.x or later server cannot use. Upgrade it with Hydra.";
            return Unavailable(task, machine, TimeSpan.FromSeconds(estate.Durations.HealthPerMachineSeconds),
                "An error occurred when sending a request to '" + machine.Uri + "': the connection was closed unexpectedly. " + why);
        }

        var outdated = TentacleVersion.IsOlder(machine.TentacleVersion, estate.BundledTentacleVersion);
        var entry = Entry(task, machine.Name);
        return new TaskStep(entry, TimeSpan.FromSeconds(estate.Durations.HealthPerMachineSeconds), outdated ? "SuccessWithWarning" : "Success", e =>
        {
            Finish(e, entry, outdated ? "SuccessWithWarning" : "Success", outdated ? "Warning" : "Info",
                outdated ? "Tentacle version " + machine.TentacleVersion + " is older than " + e.BundledTentacleVersion + "; an upgrade is suggested." : "Tentacle version " + machine.TentacleVersion);
            machine.HealthStatus = outdated ? "HasWarnings" : "Healthy";
            machine.Status = outdated ? "NeedsUpgrade" : "Online";
            machine.StatusSummary = "Octopus was able to successfully establish a connection with this machine on " + OctopusFormats.Stamp(now);
        });
    }

    private static TaskStep Unavailable(ServerTask task, Machine machine, TimeSpan duration, string message)
    {
        var entry = Entry(task, machine.Name);
        return new TaskStep(entry, duration, "Failed", e =>
        {
            Finish(e, entry, "Failed", "Error", message);
            machine.HealthStatus = "Unavailable";
            machine.Status = "Offline";
            machine.StatusSummary = "The machine is unavailable. " + message;
        });
    }

    private static TaskStep UpgradeStep(Estate estate, ServerTask task, Machine machine)
    {
        var entry = Entry(task, machine.Name);
        if (machine.UpgradeLocked)
        {
            return new TaskStep(entry, TimeSpan.Zero, "Skipped", e => Finish(e, entry, "Skipped", "Info", "Tentacle upgrades are locked for " + machine.Name + "; skipped."));
        }

        if (!machine.IsOnline || !TentacleVersion.CanTalk(estate.Version, machine.TentacleVersion))
        {
            return new TaskStep(entry, TimeSpan.FromSeconds(estate.Durations.DefaultMachineTimeoutSeconds), "Failed",
                e => Finish(e, entry, "Failed", "Error", "Could not connect to " + machine.Name + " to upgrade its Tentacle."));
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
        var reachable = machine.IsOnline && TentacleVersion.CanTalk(estate.Version, machine.TentacleVersion);
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
        File.WriteAllText(Path.Combine(estate.HomePath, "Backup", "OctopusBackup-" + estate.Clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".octobak"), "sandbox backup\n");

    private static TaskLogEntry Entry(ServerTask task, string name)
    {
        var entry = new TaskLogEntry(name) { Status = "Running" };
        task.Log.Add(entry);
        return entry;
    }

    private static void Finish(Estate estate, TaskLogEntry entry, string status, string category, string message)
    {
        entry.Status = status;
        entry.Messages.Add((estate.Clock.GetUtcNow(), category, message));
    }

    private sealed record TaskStep(TaskLogEntry Entry, TimeSpan Duration, string Status, Action<Estate> Apply);
}
