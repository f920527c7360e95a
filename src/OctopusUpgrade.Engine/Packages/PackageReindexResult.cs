using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Api;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// A re-index after the restart: how many packages the feed listed before the restart and at the last read, how long
    /// it took, and, when it did not finish, the packages still missing and the error that says why.
    /// </summary>
    public sealed record PackageReindexResult(int? PackagesBefore, int PackageCount, TimeSpan Duration)
    {
        /// <summary>Expected packages the feed did not list when the wait ended; empty when every one was listed.</summary>
        public IReadOnlyList<OctopusPackage> Missing { get; init; } = Array.Empty<OctopusPackage>();

        /// <summary>Why the wait ended without every package (timed out, or the API refused); null when complete.</summary>
        public OctopusUpgradeException? Error { get; init; }

        public bool IsComplete => Error is null;
    }
}
