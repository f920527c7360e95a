using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>What <see cref="Estate.UpgradeDatabase"/> did: the checks, and the scripts it ran (none when a check failed or the schema was current).</summary>
    public sealed record DatabaseUpgradeOutcome(IReadOnlyList<DatabaseUpgradeCheck> Checks, IReadOnlyList<string> Scripts, bool AlreadyCurrent);
}
