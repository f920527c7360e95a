using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary>A machine or worker exactly as any server generation sends it; <see cref="ToMachine"/> normalises it.</summary>
    internal sealed class MachineWire
    {
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string? SpaceId { get; set; }

        public List<string>? EnvironmentIds { get; set; }

        public List<string>? Roles { get; set; }

        public List<string>? WorkerPoolIds { get; set; }

        public bool IsDisabled { get; set; }

        public string? CommunicationStyle { get; set; }

        public string? Uri { get; set; }

        public string? Thumbprint { get; set; }

        public string? Status { get; set; }

        public string? HealthStatus { get; set; }

        public string? StatusSummary { get; set; }

        public EndpointWire? Endpoint { get; set; }

        public Dictionary<string, string>? Links { get; set; }

        // The endpoint wins where both are present: 3.x kept the top-level copies only as obsolete mirrors.
        public OctopusMachine ToMachine(bool isWorker)
        {
            var versionDetails = Endpoint?.TentacleVersionDetails;
            return new OctopusMachine
            {
                Id = Id,
                Name = Name,
                IsWorker = isWorker,
                SpaceId = SpaceId,
                EnvironmentIds = EnvironmentIds ?? new List<string>(),
                Roles = Roles ?? new List<string>(),
                WorkerPoolIds = WorkerPoolIds ?? new List<string>(),
                CommunicationStyle = Endpoint?.CommunicationStyle ?? CommunicationStyle,
                Uri = Endpoint?.Uri ?? Uri,
                Thumbprint = Endpoint?.Thumbprint ?? Thumbprint,
                IsDisabled = IsDisabled,
                HealthStatus = HealthStatus,
                Status = Status,
                StatusSummary = StatusSummary,
                TentacleVersion = versionDetails?.Version,
                UpgradeSuggested = versionDetails?.UpgradeSuggested,
                UpgradeRequired = versionDetails?.UpgradeRequired,
                UpgradeLocked = versionDetails?.UpgradeLocked,
                Links = Links ?? new Dictionary<string, string>(),
            };
        }
    }
}
