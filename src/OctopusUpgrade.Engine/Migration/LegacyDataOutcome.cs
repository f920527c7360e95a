using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>What Remove-OctopusLegacyData removed (each checked gone from disk afterwards) and the space it freed.</summary>
    public sealed record LegacyDataOutcome(string HomePath)
    {
        public IReadOnlyList<LegacyFolder> Removed { get; init; } = Array.Empty<LegacyFolder>();

        public long FreedBytes { get; init; }
    }
}
