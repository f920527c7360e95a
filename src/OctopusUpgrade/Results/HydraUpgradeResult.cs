using System;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>
    /// The result of Invoke-HydraUpgrade for one Tentacle. Its versions are those the 2.6 server's connection status showed
    /// before and after; Upgraded is true only when that server no longer reaches it and the version read is newer.
    /// Wave is 1 for the canary (or the only wave) and 2 for the rest; TaskId is the Hydra deployment's Deploy task.
    /// </summary>
    public sealed class HydraUpgradeResult : MachineUpgradeResult
    {
        internal HydraUpgradeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended, TentacleUpgradeOutcome outcome)
            : base(session, started, ended, outcome)
        {
        }
    }
}
