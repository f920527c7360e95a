using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;

namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>
    /// The session's record of every step, kept as one JSON file that is rewritten atomically after each step,
    /// so a run that dies leaves the journal as it was after the last finished step.
    /// </summary>
    public sealed class UpgradeJournal
    {
        private static readonly JsonSerializerSettings Settings = new()
        {
            Formatting = Formatting.Indented,
            DateParseHandling = DateParseHandling.DateTimeOffset,
            Converters = { new StringEnumConverter(), new JournalVersionConverter() },
            MissingMemberHandling = MissingMemberHandling.Ignore,
        };

        private readonly object _gate = new();
        private readonly SecretMasker _masker;
        private JournalDocument _document;

        private UpgradeJournal(string path, JournalDocument document, SecretMasker masker)
        {
            Path = path;
            _document = document;
            _masker = masker;
        }

        public string Path { get; }

        /// <summary>Lets tests interrupt a write part-way; production writes go straight to the file.</summary>
        internal Func<Stream, Stream> WrapStream { get; set; } = stream => stream;

        public Guid SessionId => _document.SessionId;

        public IReadOnlyList<JournalRecord> Records
        {
            get
            {
                lock (_gate)
                {
                    return _document.Records;
                }
            }
        }

        /// <summary>Everything the journal holds now: the session's settings, its facts and its steps.</summary>
        public JournalDocument Document
        {
            get
            {
                lock (_gate)
                {
                    return _document;
                }
            }
        }

        /// <summary>
        /// Starts a journal at <paramref name="path"/> with <paramref name="start"/> (masked first), or continues the
        /// one there when it records the same session.
        /// </summary>
        public static UpgradeJournal Open(string path, JournalDocument start, SecretMasker masker)
        {
            if (start is null)
            {
                throw new ArgumentNullException(nameof(start));
            }

            if (File.Exists(path))
            {
                var existing = Load(path, masker);
                if (existing.SessionId != start.SessionId)
                {
                    throw new OctopusUpgradeException(
                        JournalErrorIds.BelongsToAnotherSession,
                        FailureCategory.ResourceExists,
                        $"The journal '{path}' already records session {existing.SessionId}. A journal records one session: choose another -JournalPath, or reopen that session with New-OctopusUpgradeSession -Journal.",
                        path);
                }

                return existing;
            }

            var document = start with
            {
                Format = JournalDocument.CurrentFormat,
                Server = masker.Mask(start.Server),
                SqlConnectionString = start.SqlConnectionString is null ? null : masker.Mask(start.SqlConnectionString),
            };
            var journal = new UpgradeJournal(path, document, masker);
            journal.Save(document);
            return journal;
        }

        /// <summary>Reads a journal back, for resuming a run or rendering a report.</summary>
        public static UpgradeJournal Load(string path, SecretMasker? masker = null)
        {
            string text;
            try
            {
                text = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(JournalErrorIds.Unreadable, FailureCategory.ReadError, $"The journal '{path}' cannot be read: {e.Message}", path, e);
            }

            if (text.Trim().Length == 0)
            {
                // What a file cut at its first byte looks like; "null" below is a file someone wrote on purpose.
                throw new OctopusUpgradeException(JournalErrorIds.Corrupt, FailureCategory.InvalidData, $"The journal '{path}' is empty: it is not a journal, or its writing was cut short.", path);
            }

            JournalDocument? document;
            try
            {
                document = JsonConvert.DeserializeObject<JournalDocument>(text, Settings);
            }
            catch (JsonException e)
            {
                throw new OctopusUpgradeException(JournalErrorIds.Corrupt, FailureCategory.InvalidData, $"The journal '{path}' is not a valid journal: {e.Message}", path, e);
            }

            if (document is null || (document.Format != JournalDocument.CurrentFormat && document.Format != JournalDocument.PreviousFormat))
            {
                throw new OctopusUpgradeException(
                    JournalErrorIds.FormatUnknown,
                    FailureCategory.InvalidData,
                    $"The journal '{path}' has format '{document?.Format}', but this module reads '{JournalDocument.CurrentFormat}' and '{JournalDocument.PreviousFormat}'. A journal from a later release needs that release.",
                    path);
            }

            // A version 1 journal gains its facts the first time it is written again, in the current format.
            var read = document with
            {
                Format = JournalDocument.CurrentFormat,
                Facts = document.Facts ?? new SessionFacts(),
                Records = document.Records ?? Array.Empty<JournalRecord>(),
            };
            return new UpgradeJournal(path, read, masker ?? new SecretMasker());
        }

        /// <summary>Adds a step and rewrites the file; the record is masked first. Returns what was stored.</summary>
        public JournalRecord Append(JournalRecord record)
        {
            var masked = record with
            {
                Step = _masker.Mask(record.Step),
                Details = _masker.Mask(record.Details),
                Changes = record.Changes.Select(_masker.Mask).ToArray(),
            };

            lock (_gate)
            {
                var next = _document with { Records = _document.Records.Append(masked).ToArray() };
                Save(next);
                _document = next;
            }

            return masked;
        }

        /// <summary>Writes what the session's steps have learned; the facts in the journal are the ones a reopened session gets.</summary>
        public void RecordFacts(SessionFacts facts)
        {
            if (facts is null)
            {
                throw new ArgumentNullException(nameof(facts));
            }

            var masked = facts with { Backups = facts.Backups.Select(b => b with { Path = _masker.Mask(b.Path) }).ToArray() };
            lock (_gate)
            {
                var next = _document with { Facts = masked };
                Save(next);
                _document = next;
            }
        }

        private void Save(JournalDocument document)
        {
            var json = JsonConvert.SerializeObject(document, Settings);
            try
            {
                AtomicFile.Write(Path, stream =>
                {
                    var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(json);
                    WrapStream(stream).Write(bytes, 0, bytes.Length);
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(JournalErrorIds.WriteFailed, FailureCategory.WriteError, $"The journal '{Path}' could not be written: {e.Message}", Path, e);
            }
        }
    }
}
