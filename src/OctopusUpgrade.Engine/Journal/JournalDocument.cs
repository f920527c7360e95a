using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>The journal file's content: who it belongs to and every step so far, oldest first.</summary>
    public sealed record JournalDocument
    {
        /// <summary>The file format's name and version, checked on load.</summary>
        public const string CurrentFormat = "OctopusUpgrade.Journal/1";

        public string Format { get; init; } = CurrentFormat;

        public Guid SessionId { get; init; }

        public DateTimeOffset Created { get; init; }

        public string Server { get; init; } = string.Empty;

        public string InstanceName { get; init; } = string.Empty;

        public IReadOnlyList<JournalRecord> Records { get; init; } = Array.Empty<JournalRecord>();
    }
}
