using System;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The instance's configuration as flat <c>Octopus.*</c> keys, the subset of the real <c>show-configuration</c> output
    /// (OctopusDSC's recorded sample) an upgrader reads. <c>Octopus.Folders.LogDirectory</c> is the task-log folder, as in
    /// that sample. <c>TaskCap</c> and <c>MaintenanceMode</c> appear from 2018.6, per the sample's notes.
    /// </summary>
    internal static class InstanceConfiguration
    {
        public static JsonObject For(Estate estate, ServerNode node, Uri listenPrefix) => estate.Read(() =>
        {
            var settings = new JsonObject
            {
                ["Octopus.Communications.ServicesPort"] = 10943,
                ["Octopus.Storage.ExternalDatabaseConnectionString"] = estate.ConnectionString,
                ["Octopus.Server.NodeName"] = node.Name,
            };
            if (estate.Version.AtLeast(2018, 6))
            {
                settings["Octopus.Server.TaskCap"] = node.MaxConcurrentTasks;
                settings["Octopus.Server.MaintenanceMode"] = estate.IsInMaintenanceMode;
            }

            settings["Octopus.Home"] = estate.HomePath;
            settings["Octopus.Node.Cache"] = System.IO.Path.Combine(estate.HomePath, "OctopusServer");
            // The recorded sample prints this boolean as JSON and others as "True"/"False" strings; ForceSSL stands for those.
            settings["Octopus.Watchdog.Enabled"] = node.Watchdog is not null;
            settings["Octopus.Watchdog.Interval"] = node.Watchdog?.IntervalMinutes ?? 0;
            settings["Octopus.Watchdog.Instances"] = node.Watchdog?.Instances ?? "*";
            settings["Octopus.WebPortal.ForceSSL"] = "False";
            settings["Octopus.WebPortal.ListenPrefixes"] = listenPrefix.ToString().TrimEnd('/');
            settings["Octopus.Folders.LogDirectory"] = estate.Home.TaskLogsDirectory;
            settings["Octopus.Folders.ArtifactsDirectory"] = estate.Home.ArtifactsDirectory;
            settings["Octopus.Folders.PackagesDirectory"] = estate.Home.PackagesRoot;
            return settings;
        });
    }
}
