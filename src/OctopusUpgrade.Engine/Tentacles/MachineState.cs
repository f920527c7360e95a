using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>
    /// A machine as a health check left it, read the same way from every generation: 2018.x+ <c>HealthStatus</c>
    /// (Healthy, HasWarnings, Unhealthy, Unavailable, Unknown) or, before it, 2.x/3.x <c>Status</c> (Online,
    /// NeedsUpgrade, CalamariNeedsUpgrade, Offline, Unknown, Disabled).
    /// </summary>
    public sealed record MachineState(string Id, string HealthStatus, bool IsReachable, OctopusVersion? TentacleVersion, string? StatusSummary)
    {
        /// <summary>The server suggests or requires an upgrade of this Tentacle (3.x+; null where it does not say).</summary>
        public bool? UpgradeSuggested { get; init; }

        public static MachineState Of(OctopusMachine machine)
        {
            var status = machine.HealthStatus ?? machine.Status ?? "Unknown";
            var reachable = status is "Healthy" or "HasWarnings" or "Online" or "NeedsUpgrade" or "CalamariNeedsUpgrade";
            return new MachineState(machine.Id, status, reachable && !machine.IsDisabled, machine.TentacleVersion, machine.StatusSummary)
            {
                UpgradeSuggested = machine.UpgradeSuggested is null && machine.UpgradeRequired is null ? null : machine.UpgradeSuggested == true || machine.UpgradeRequired == true,
            };
        }
    }
}
