using System;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Update-OctopusTentacle for one Tentacle: the version before and the version read from outside after.</summary>
    public sealed class TentacleUpgradeResult : MachineUpgradeResult
    {
        internal TentacleUpgradeResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended, TentacleUpgradeOutcome outcome)
            : base(session, started, ended, outcome)
        {
        }
    }
}
