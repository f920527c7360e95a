using System;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>A finished re-index: the count the feed reported and how long it took from the restart.</summary>
    public sealed record PackageReindexResult(int PackageCount, TimeSpan Duration);
}
