using System;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>One line of a task log: <c>Category</c> is <c>Info</c>, <c>Warning</c>, <c>Error</c>, <c>Fatal</c>…</summary>
    public sealed class OctopusActivityLogElement
    {
        public string? Category { get; init; }

        public DateTimeOffset? OccurredAt { get; init; }

        public string? MessageText { get; init; }

        public string? Detail { get; init; }
    }
}
