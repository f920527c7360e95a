using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>
    /// One step as the journal keeps it. Details and changes are plain strings on purpose: the journal accepts
    /// no SecureString or <see cref="Security.Secret"/>, and the journal masks any known secret value in them.
    /// </summary>
    public sealed record JournalRecord
    {
        public string Id { get; init; } = Guid.NewGuid().ToString("N");

        /// <summary>The step's name, such as <c>Copy-NuGetPackages</c>.</summary>
        public string Step { get; init; } = string.Empty;

        public DateTimeOffset Started { get; init; }

        public DateTimeOffset Ended { get; init; }

        public StepOutcome Outcome { get; init; }

        /// <summary>What the step found and did, for people and for resuming.</summary>
        public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

        /// <summary>What the step changed on the estate, one line each ("Maintenance mode turned on").</summary>
        public IReadOnlyList<string> Changes { get; init; } = Array.Empty<string>();
    }
}
