using System;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// <c>/api/machines/{id}/connection</c> (<c>MachineConnectionStatus</c>): what the last health check learned from
    /// the Tentacle itself, the only place a 2.x server shows a Tentacle's version.
    /// </summary>
    public sealed class OctopusMachineConnection
    {
        public string? MachineId { get; init; }

        public string? Status { get; init; }

        public OctopusVersion? CurrentTentacleVersion { get; init; }

        public DateTimeOffset? LastChecked { get; init; }
    }
}
