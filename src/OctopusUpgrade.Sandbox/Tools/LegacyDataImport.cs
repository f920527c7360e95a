using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// What <c>Octopus.Migrator.exe migrate</c> does to the new estate once it has read the backup: environments, machines
    /// and projects matched by name into the default space (the backup wins unless <c>--nooverwrite</c>), and task logs
    /// written as files in the TaskLogs folder, where 3.x keeps them (facts §5). The tool calls it only once it has read
    /// and decrypted the whole backup, so a wrong key or a damaged file imports nothing.
    /// </summary>
    internal static class LegacyDataImport
    {
        public static JsonObject Apply(Estate estate, JsonObject backup, bool noOverwrite) => estate.Read(() =>
        {
            var space = estate.DefaultSpaceId;
            var environments = 0;
            foreach (var environment in Items(backup, "Environments"))
            {
                estate.EnvironmentNamed(Text(environment, "Name"), space);
                environments++;
            }

            var machines = 0;
            foreach (var machine in Items(backup, "Machines"))
            {
                var name = Text(machine, "Name");
                var existing = estate.MachineList.FirstOrDefault(m => m.SpaceId == space && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
                if (existing is not null && noOverwrite)
                {
                    continue;
                }

                if (existing is not null)
                {
                    estate.MachineList.Remove(existing);
                }

                var added = estate.AddMachine(new MachineDescription
                {
                    Name = name,
                    Environments = Strings(machine, "Environments"),
                    Roles = Strings(machine, "Roles"),
                    CommunicationStyle = Text(machine, "CommunicationStyle"),
                    TentacleVersion = Text(machine, "TentacleVersion"),
                });
                added.Thumbprint = Text(machine, "Thumbprint");
                machines++;
            }

            var projects = 0;
            var lifecycle = estate.Library.DefaultLifecycleId(estate, space);
            foreach (var project in Items(backup, "Projects"))
            {
                var existing = DeploymentStore.Find(estate.Library.Projects, space, Text(project, "Name"));
                if (existing is not null && noOverwrite)
                {
                    continue;
                }

                var body = new JsonObject { ["Name"] = Text(project, "Name"), ["Description"] = Text(project, "Description"), ["LifecycleId"] = existing?["LifecycleId"]?.GetValue<string>() ?? lifecycle };
                var saved = ProjectEndpoints.SaveProject(estate, space, body, existing).Document!;
                if (existing is null)
                {
                    estate.Library.Projects.Add(saved);
                }
                else
                {
                    estate.Library.Projects[estate.Library.Projects.IndexOf(existing)] = saved;
                }

                projects++;
            }

            var logs = 0;
            Directory.CreateDirectory(estate.Home.TaskLogsDirectory);
            foreach (var log in Items(backup, "TaskLogs"))
            {
                var file = Path.Combine(estate.Home.TaskLogsDirectory, Text(log, "Id").ToLowerInvariant() + ".log.txt");
                if (File.Exists(file) && noOverwrite)
                {
                    continue;
                }

                File.WriteAllText(file, Text(log, "Text"));
                logs++;
            }

            return new JsonObject { ["Environments"] = environments, ["Machines"] = machines, ["Projects"] = projects, ["TaskLogs"] = logs };
        });

        private static JsonObject[] Items(JsonObject backup, string name) => (backup[name] as JsonArray ?? []).OfType<JsonObject>().ToArray();

        private static string Text(JsonObject item, string name) => item[name]?.GetValue<string>() ?? "";

        private static System.Collections.Generic.List<string> Strings(JsonObject item, string name) =>
            (item[name] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
    }
}
