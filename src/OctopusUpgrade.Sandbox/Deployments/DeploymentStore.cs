using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The deployment side of the estate as stored documents: action templates, lifecycles, project groups, projects, their
    /// deployment processes, release snapshots of those processes, releases and deployments. Every document keeps its
    /// <c>SpaceId</c> (rendered only from 2019.1). Use under the estate lock.
    /// </summary>
    internal sealed class DeploymentStore
    {
        public List<JsonObject> ActionTemplates { get; } = [];

        public List<JsonObject> Lifecycles { get; } = [];

        public List<JsonObject> ProjectGroups { get; } = [];

        public List<JsonObject> Projects { get; } = [];

        public List<JsonObject> DeploymentProcesses { get; } = [];

        public List<JsonObject> Releases { get; } = [];

        public List<JsonObject> Deployments { get; } = [];

        /// <summary>Process snapshot id to the steps a release froze.</summary>
        public Dictionary<string, JsonArray> ProcessSnapshots { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Machines with a Hydra upgrade scheduled, so the pump does not walk every machine.</summary>
        public List<Machine> HydraPending { get; } = [];

        /// <summary>The documents of a space.</summary>
        public static IEnumerable<JsonObject> InSpace(IEnumerable<JsonObject> documents, string spaceId) =>
            documents.Where(d => Text(d, "SpaceId") == spaceId);

        /// <summary>A document of the space by id, slug or name (ids and names compare case-insensitively, as the server's do).</summary>
        public static JsonObject? Find(IEnumerable<JsonObject> documents, string spaceId, string idOrName) =>
            idOrName.Length == 0 ? null : InSpace(documents, spaceId).FirstOrDefault(d =>
                ApiRequest.Same(Text(d, "Id"), idOrName) || ApiRequest.Same(Text(d, "Slug"), idOrName) || ApiRequest.Same(Text(d, "Name"), idOrName));

        /// <summary>A string field, or empty.</summary>
        public static string Text(JsonNode? node, string name) =>
            node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

        /// <summary>A string-array field (absent: empty).</summary>
        public static List<string> Strings(JsonNode? node, string name) =>
            node?[name] is JsonArray array ? array.Select(n => n?.GetValue<string>()).OfType<string>().ToList() : [];

        /// <summary>The default lifecycle and project group of a space, created on first use as a fresh server has them.</summary>
        public void EnsureDefaults(Estate estate, string spaceId)
        {
            if (!InSpace(Lifecycles, spaceId).Any())
            {
                Lifecycles.Add(Stamp(estate, new JsonObject
                {
                    ["Id"] = estate.NextId("Lifecycles"),
                    ["Name"] = "Default Lifecycle",
                    ["Description"] = "",
                    ["Phases"] = new JsonArray(),
                    ["ReleaseRetentionPolicy"] = KeepForever(),
                    ["TentacleRetentionPolicy"] = KeepForever(),
                    ["SpaceId"] = spaceId,
                }));
            }

            if (!InSpace(ProjectGroups, spaceId).Any())
            {
                ProjectGroups.Add(Stamp(estate, new JsonObject
                {
                    ["Id"] = estate.NextId("ProjectGroups"),
                    ["Name"] = "All projects",
                    ["Description"] = "",
                    ["EnvironmentIds"] = new JsonArray(),
                    ["SpaceId"] = spaceId,
                }));
            }
        }

        /// <summary>The space's first lifecycle (created with the defaults when it has none), for a project created without one.</summary>
        public string DefaultLifecycleId(Estate estate, string spaceId)
        {
            EnsureDefaults(estate, spaceId);
            return Text(InSpace(Lifecycles, spaceId).First(), "Id");
        }

        /// <summary>Sets <c>LastModifiedOn</c>/<c>LastModifiedBy</c> as every document carries them.</summary>
        public static JsonObject Stamp(Estate estate, JsonObject document)
        {
            document["LastModifiedOn"] = OctopusFormats.Iso(estate.Clock.GetUtcNow());
            document["LastModifiedBy"] = "admin";
            return document;
        }

        /// <summary>A retention policy that keeps everything (a fresh lifecycle's default).</summary>
        public static JsonObject KeepForever() => new() { ["Unit"] = "Days", ["QuantityToKeep"] = 0, ["ShouldKeepForever"] = true };
    }
}
