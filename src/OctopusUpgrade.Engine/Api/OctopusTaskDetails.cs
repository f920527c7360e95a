using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary><c>/api/tasks/{id}/details</c>: the task plus its activity tree (which machine failed, and why).</summary>
    public sealed class OctopusTaskDetails
    {
        public OctopusTask? Task { get; init; }

        public IReadOnlyList<OctopusActivityElement> ActivityLogs { get; init; } = Array.Empty<OctopusActivityElement>();

        public OctopusTaskProgress? Progress { get; init; }
    }
}
