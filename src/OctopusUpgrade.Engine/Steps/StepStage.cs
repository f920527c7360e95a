using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>
    /// One journalled part of a step (a step such as Copy-NuGetPackages -Reindex has two: the copy, then the
    /// re-index): its name in the journal, what it is about, and what it may have changed if it fails or is stopped.
    /// </summary>
    public sealed record StepStage(string Name, string ChangeIfInterrupted)
    {
        /// <summary>What the stage is about (source, destination, install folder), journalled whatever the outcome.</summary>
        public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
    }
}
