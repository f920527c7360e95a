using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>The oldest SQL Server an Octopus version supports (facts §6, "Supported SQL Server"): a row applies from its version on.</summary>
    public sealed record SqlServerRequirement(OctopusVersion From, int MinimumMajorVersion, string MinimumName)
    {
        public static IReadOnlyList<SqlServerRequirement> All { get; } = new[]
        {
            new SqlServerRequirement(OctopusVersion.Parse("3.0"), 10, "SQL Server 2008"),
            new SqlServerRequirement(OctopusVersion.Parse("2020.2"), 13, "SQL Server 2016"),
        };

        /// <summary>The row for a target version, or null before 3.0 (2.x keeps its data in RavenDB).</summary>
        public static SqlServerRequirement? For(OctopusVersion target) => All.LastOrDefault(r => r.From <= target);
    }
}
