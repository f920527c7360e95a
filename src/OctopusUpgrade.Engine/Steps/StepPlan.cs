using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>
    /// What a step decided while planning (which changes nothing): the step's own plan, and the actions it will take
    /// once they are confirmed, in order.
    /// </summary>
    /// <typeparam name="TDetail">The step's own plan, which its execution follows.</typeparam>
    public sealed record StepPlan<TDetail>(TDetail Detail, IReadOnlyList<StepAction> Actions)
    {
        /// <summary>
        /// What would stop the step when it runs, found while planning. -WhatIf says each as a warning, since it runs
        /// nothing; a real run raises the error itself, before it changes anything.
        /// </summary>
        public IReadOnlyList<string> WhatIfWarnings { get; init; } = Array.Empty<string>();
    }
}
