using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>
    /// The journal file's content, and the source of truth for its session: who it belongs to, how it was set up
    /// (everything but secrets), what its steps have learned, and every step so far, oldest first.
    /// </summary>
    public sealed record JournalDocument
    {
        /// <summary>The file format's name and version, checked on load; version 2 added the settings and the facts.</summary>
        public const string CurrentFormat = "OctopusUpgrade.Journal/2";

        /// <summary>The format before this one, still read: it has only the id, server, instance and steps.</summary>
        public const string PreviousFormat = "OctopusUpgrade.Journal/1";

        public string Format { get; init; } = CurrentFormat;

        public Guid SessionId { get; init; }

        public DateTimeOffset Created { get; init; }

        public string Server { get; init; } = string.Empty;

        public string InstanceName { get; init; } = string.Empty;

        public string? Space { get; init; }

        /// <summary>The SQL connection string without its password (which is never journalled).</summary>
        public string? SqlConnectionString { get; init; }

        public string? InstallPath { get; init; }

        public string? HomePath { get; init; }

        public OctopusVersion? TargetVersion { get; init; }

        public bool AllowInsecureHttp { get; init; }

        public SessionFacts Facts { get; init; } = new();

        public IReadOnlyList<JournalRecord> Records { get; init; } = Array.Empty<JournalRecord>();
    }
}
