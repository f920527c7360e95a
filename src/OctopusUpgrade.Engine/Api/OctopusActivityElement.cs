using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// A node of a task's activity tree (a step, a machine within a step…). <see cref="Status"/> is <c>Pending</c>,
    /// <c>Running</c>, <c>Success</c>, <c>Failed</c>, <c>Skipped</c>, <c>SuccessWithWarning</c> or <c>Canceled</c>;
    /// kept as text because new statuses must not break reading the tree.
    /// </summary>
    public sealed class OctopusActivityElement
    {
        public string? Id { get; init; }

        public string? Name { get; init; }

        public string? Status { get; init; }

        public DateTimeOffset? Started { get; init; }

        public DateTimeOffset? Ended { get; init; }

        public int? ProgressPercentage { get; init; }

        public string? ProgressMessage { get; init; }

        public IReadOnlyList<OctopusActivityElement> Children { get; init; } = Array.Empty<OctopusActivityElement>();

        public IReadOnlyList<OctopusActivityLogElement> LogElements { get; init; } = Array.Empty<OctopusActivityLogElement>();
    }
}
