using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A deployment target or worker running a Tentacle.</summary>
    public sealed class MachineDescription
    {
        /// <summary>Machine name, unique in its space.</summary>
        public string Name { get; set; } = "";

        /// <summary>Space name; null means the default space.</summary>
        public string? Space { get; set; }

        /// <summary>True for a worker (2018.x+), false for a deployment target.</summary>
        public bool IsWorker { get; set; }

        /// <summary>Environment names a target belongs to; unknown names are created.</summary>
        public List<string> Environments { get; set; } = [];

        /// <summary>Target roles.</summary>
        public List<string> Roles { get; set; } = [];

        /// <summary>Installed Tentacle version, e.g. <c>2.6.5</c>, <c>3.12.1</c>, <c>6.3.417</c>.</summary>
        public string TentacleVersion { get; set; } = "";

        /// <summary><c>TentaclePassive</c> (listening) or <c>TentacleActive</c> (polling).</summary>
        public string CommunicationStyle { get; set; } = "TentaclePassive";

        /// <summary>False for a machine that is switched off or unreachable: health checks time out after <c>MachineTimeout</c>.</summary>
        public bool IsOnline { get; set; } = true;

        /// <summary>Whether <c>Endpoint.TentacleVersionDetails.UpgradeLocked</c> is set (Upgrade tasks skip it).</summary>
        public bool UpgradeLocked { get; set; }

        /// <summary>Whether a deployment currently holds the machine (Upgrade tasks wait for it).</summary>
        public bool HeldByDeployment { get; set; }

        /// <summary>Whether the machine is disabled in Octopus.</summary>
        public bool IsDisabled { get; set; }

        /// <summary>The account the Tentacle service runs as (Hydra resets it to <c>LocalSystem</c>).</summary>
        public string ServiceAccount { get; set; } = "LocalSystem";
    }
}
