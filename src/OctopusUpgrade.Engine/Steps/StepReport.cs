using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>How a finished stage describes itself for the journal: its figures, what it changed, and how many items failed.</summary>
    public sealed record StepReport
    {
        public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

        /// <summary>What the stage changed on the estate, one line each.</summary>
        public IReadOnlyList<string> Changes { get; init; } = Array.Empty<string>();

        /// <summary>
        /// Items that failed while the rest went on (a partial success). Any makes the journalled outcome Failed: the
        /// stage's claim ("every package copied") did not come true, and a resumed run must not take it as done.
        /// </summary>
        public int FailedItems { get; init; }
    }
}
