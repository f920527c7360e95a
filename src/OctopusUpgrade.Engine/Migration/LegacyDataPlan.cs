using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>The 2.6 folders found under the home folder, which Remove-OctopusLegacyData would remove.</summary>
    public sealed record LegacyDataPlan(string HomePath)
    {
        public IReadOnlyList<LegacyFolder> Folders { get; init; } = Array.Empty<LegacyFolder>();
    }
}
