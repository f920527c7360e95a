using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Machine and worker JSON per era, property order as recorded: 2.x has top-level <c>CommunicationStyle</c>, <c>Squid</c>
    /// and no <c>Endpoint</c> (2.6.5 machines-1); 3.x adds <c>Endpoint.TentacleVersionDetails</c> (3.3.0);
    /// <c>HealthStatus</c> and the tenant fields arrive with <see cref="SandboxAssumptions.HealthStatusSince"/>;
    /// 2019 adds <c>SpaceId</c>, <c>ProxyId</c> on listening endpoints and space-bound links (2019 machines/workers).
    /// </summary>
    internal static class MachineShape
    {
        public static JsonObject For(Machine machine, Estate estate, string scopedBase)
        {
            var version = estate.Version;
            var json = new JsonObject { ["Id"] = machine.Id };
            if (version.IsLegacy2x)
            {
                return Legacy(machine, estate, json);
            }

            var modern = version.AtLeast(ServerVersion.Parse(estate.Assumptions.HealthStatusSince));
            if (machine.IsWorker)
            {
                json["WorkerPoolIds"] = Strings(machine.WorkerPoolIds);
            }
            else if (version.HasSpaces)
            {
                json["EnvironmentIds"] = Strings(machine.EnvironmentIds);
                json["Roles"] = Strings(machine.Roles);
                AddTenantFields(json);
            }

            if (version.HasSpaces)
            {
                json["SpaceId"] = machine.SpaceId;
            }

            json["Name"] = machine.Name;
            json["Thumbprint"] = machine.Thumbprint;
            // Recorded 2018.11 and 2019 servers leave a polling Tentacle's top-level Uri null; the poll:// is in Endpoint.Uri.
            json["Uri"] = machine.CommunicationStyle == "TentacleActive" && version.AtLeast(2018, 11) ? null : machine.Uri;
            json["IsDisabled"] = machine.IsDisabled;
            if (!machine.IsWorker && !version.HasSpaces)
            {
                json["EnvironmentIds"] = Strings(machine.EnvironmentIds);
                json["Roles"] = Strings(machine.Roles);
                if (modern)
                {
                    AddTenantFields(json);
                }
            }

            if (modern)
            {
                json["MachinePolicyId"] = "MachinePolicies-1";
            }

            json["Status"] = machine.IsDisabled ? "Disabled" : machine.Status;
            if (modern)
            {
                json["HealthStatus"] = machine.HealthStatus;
            }

            json["HasLatestCalamari"] = machine.HasLatestCalamari;
            json["StatusSummary"] = machine.StatusSummary;
            if (modern)
            {
                json["IsInProcess"] = false;
            }

            json["Endpoint"] = Endpoint(machine, version);
            var self = scopedBase + (machine.IsWorker ? "/workers/" : "/machines/") + machine.Id;
            var links = new JsonObject { ["Self"] = self, ["Connection"] = self + "/connection" };
            if (version.HasSpaces && !machine.IsWorker)
            {
                links["TasksTemplate"] = self + "/tasks{?skip,take}";
            }

            json["Links"] = links;
            return json;
        }

        /// <summary>The <c>/connection</c> document (<c>MachineConnectionStatus</c>), the only place 2.x shows a Tentacle version.</summary>
        public static JsonObject Connection(Machine machine, Estate estate) => new()
        {
            ["MachineId"] = machine.Id,
            ["Logs"] = new JsonArray(),
            ["Status"] = machine.Status,
            ["CurrentTentacleVersion"] = machine.TentacleVersion,
            ["LastChecked"] = OctopusFormats.Iso(estate.Clock.GetUtcNow()),
            ["Links"] = new JsonObject(),
        };

        private static JsonObject Legacy(Machine machine, Estate estate, JsonObject json)
        {
            json["Name"] = machine.Name;
            json["Thumbprint"] = machine.Thumbprint;
            json["Uri"] = machine.Uri;
            json["IsDisabled"] = machine.IsDisabled;
            json["EnvironmentIds"] = Strings(machine.EnvironmentIds);
            json["Roles"] = Strings(machine.Roles);
            json["Squid"] = "SQ-" + machine.Name.ToUpperInvariant() + "-" + machine.Thumbprint[..8];
            json["CommunicationStyle"] = machine.CommunicationStyle;
            json["Status"] = machine.IsDisabled ? "Disabled" : machine.Status;
            json["StatusSummary"] = machine.StatusSummary;
            // The recorded 2.6.5 machine carries who last changed it and when (its Tentacle was registered then).
            json["LastModifiedOn"] = OctopusFormats.Iso(estate.CreatedAt);
            json["LastModifiedBy"] = "admin";
            json["Links"] = new JsonObject { ["Self"] = "/api/machines/" + machine.Id, ["Connection"] = "/api/machines/" + machine.Id + "/connection" };
            return json;
        }

        private static JsonObject Endpoint(Machine machine, ServerVersion version)
        {
            var endpoint = new JsonObject { ["CommunicationStyle"] = machine.CommunicationStyle, ["Uri"] = machine.Uri };
            // The 2019 recording shows ProxyId on listening targets and on both worker styles, never on polling targets.
            if (version.HasSpaces && (machine.IsWorker || machine.CommunicationStyle == "TentaclePassive"))
            {
                endpoint["ProxyId"] = null;
            }

            endpoint["Thumbprint"] = machine.Thumbprint;
            endpoint["TentacleVersionDetails"] = new JsonObject
            {
                ["UpgradeLocked"] = machine.UpgradeLocked,
                ["Version"] = machine.TentacleVersion,
                ["UpgradeSuggested"] = machine.Status == "NeedsUpgrade",
                // Required when the server cannot talk to it at all (a 2.x Tentacle under a 3.x+ server).
                ["UpgradeRequired"] = !TentacleVersion.CanTalk(version, machine.TentacleVersion),
            };
            if (version.HasSpaces)
            {
                endpoint["CertificateSignatureAlgorithm"] = "sha256RSA";
            }

            endpoint["Id"] = null;
            endpoint["LastModifiedOn"] = null;
            endpoint["LastModifiedBy"] = null;
            endpoint["Links"] = new JsonObject();
            return endpoint;
        }

        private static void AddTenantFields(JsonObject json)
        {
            json["TenantedDeploymentParticipation"] = "Untenanted";
            json["TenantIds"] = new JsonArray();
            json["TenantTags"] = new JsonArray();
        }

        private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
    }
}
