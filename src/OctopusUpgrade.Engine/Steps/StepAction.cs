using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>
    /// One thing a step will do if it is confirmed: what -WhatIf prints and -Confirm asks, on what target, and how
    /// much it can hurt. <see cref="Key"/> is how the step finds out, when it runs, whether the action was confirmed.
    /// </summary>
    public sealed record StepAction(string Key, string Target, string Description, ActionImpact Impact)
    {
        /// <summary>
        /// An optional action may be declined while the step goes ahead without it; declining a required one stops
        /// the step before it changes anything, and later actions are not asked about.
        /// </summary>
        public bool Optional { get; init; }

        /// <summary>What -WhatIf lists under the action (one line per file, say); not asked about one by one.</summary>
        public IReadOnlyList<StepActionDetail> Details { get; init; } = Array.Empty<StepActionDetail>();
    }
}
