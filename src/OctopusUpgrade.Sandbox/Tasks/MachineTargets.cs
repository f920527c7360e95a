using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Resolves the machines a Health, Upgrade or UpdateCalamari task acts on from its arguments.</summary>
    internal static class MachineTargets
    {
        public static List<Machine> Resolve(Estate estate, ServerTask task)
        {
            var spaceId = task.SpaceId ?? estate.DefaultSpaceId;
            // A 2.6 Health task reads only Timeout and EnvironmentId; any MachineIds it is sent are never looked at.
            var ids = estate.Version.IsLegacy2x && task.Name == "Health" ? [] : Strings(task.Arguments["MachineIds"]);
            var environmentId = task.Arguments["EnvironmentId"]?.GetValue<string>();
            var workerPoolId = task.Arguments["WorkerpoolId"]?.GetValue<string>();
            var restrictedTo = task.Arguments["RestrictedTo"]?.GetValue<string>();
            return estate.MachineList.Where(m =>
                    m.SpaceId == spaceId
                    && !m.IsDisabled
                    && (ids.Count == 0 || ids.Contains(m.Id))
                    && (environmentId is null || m.EnvironmentIds.Contains(environmentId))
                    && (workerPoolId is null || m.WorkerPoolIds.Contains(workerPoolId))
                    && restrictedTo switch
                    {
                        "DeploymentTargets" => !m.IsWorker,
                        "Workers" => m.IsWorker,
                        _ => true,
                    })
                .ToList();
        }

        // MachineIds is a JSON array in the client; the official RunHealthCheck.ps1 sample sends one comma-joined string.
        private static HashSet<string> Strings(JsonNode? node) => node switch
        {
            JsonArray array => array.Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase),
            JsonValue value when value.TryGetValue<string>(out var text) =>
                text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
            _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
    }
}
