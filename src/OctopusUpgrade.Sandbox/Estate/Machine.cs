using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A deployment target or worker with a Tentacle. Change it inside <see cref="Estate.Update"/>.</summary>
    public sealed class Machine
    {
        internal Machine(string id, string name, string spaceId, bool isWorker)
        {
            Id = id;
            Name = name;
            SpaceId = spaceId;
            IsWorker = isWorker;
        }

        /// <summary>Machine id (<c>machines-1</c> on 2.x, <c>Machines-1</c> or <c>Workers-1</c> later).</summary>
        public string Id { get; }

        /// <summary>Machine name.</summary>
        public string Name { get; }

        /// <summary>Owning space id.</summary>
        public string SpaceId { get; }

        /// <summary>True for a worker.</summary>
        public bool IsWorker { get; }

        /// <summary>Environment ids (targets only).</summary>
        public List<string> EnvironmentIds { get; } = [];

        /// <summary>Roles (targets only).</summary>
        public List<string> Roles { get; } = [];

        /// <summary>Worker pool ids (workers only).</summary>
        public List<string> WorkerPoolIds { get; } = [];

        /// <summary>Tentacle version installed on the machine.</summary>
        public string TentacleVersion { get; set; } = "";

        /// <summary><c>TentaclePassive</c> (listening) or <c>TentacleActive</c> (polling).</summary>
        public string CommunicationStyle { get; set; } = "TentaclePassive";

        /// <summary>Certificate thumbprint.</summary>
        public string Thumbprint { get; set; } = "";

        /// <summary>Listening URI (<c>https://host:10933/</c>) or polling subscription (<c>poll://…/</c>).</summary>
        public string Uri { get; set; } = "";

        /// <summary>Whether the machine answers at all.</summary>
        public bool IsOnline { get; set; } = true;

        /// <summary>Whether upgrades are locked for this Tentacle.</summary>
        public bool UpgradeLocked { get; set; }

        /// <summary>Whether a deployment holds the machine.</summary>
        public bool HeldByDeployment { get; set; }

        /// <summary>Whether the machine is disabled.</summary>
        public bool IsDisabled { get; set; }

        /// <summary>Result of the last health check: <c>Healthy</c>, <c>Unavailable</c>, <c>Unknown</c>, <c>HasWarnings</c>, <c>Unhealthy</c>.</summary>
        public string HealthStatus { get; set; } = "Unknown";

        /// <summary>The pre-3.x status: <c>Online</c>, <c>Offline</c>, <c>Unknown</c>, <c>NeedsUpgrade</c>, <c>CalamariNeedsUpgrade</c>, <c>Disabled</c>.</summary>
        public string Status { get; set; } = "Unknown";

        /// <summary>Human-readable result of the last health check.</summary>
        public string StatusSummary { get; set; } = "This machine has not been health checked yet.";

        /// <summary>Whether Calamari is current.</summary>
        public bool HasLatestCalamari { get; set; } = true;

        /// <summary>
        /// The server comms address a polling Tentacle polls (<c>https://octopus01:10943/</c>); it is reachable only while a
        /// server answers there (<see cref="Estate.ServerCommsAddress"/>). Null for listening Tentacles.
        /// </summary>
        public string? PollingAddress { get; set; }

        /// <summary>The account the Tentacle service runs as; Hydra resets it to <c>LocalSystem</c>.</summary>
        public string ServiceAccount { get; set; } = "LocalSystem";

        /// <summary>A Hydra upgrade scheduled on the machine and not yet run (the scheduled task waits a minute).</summary>
        internal HydraUpgrade? PendingHydra { get; set; }
    }
}
