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
            Converters = { new StringEnumConverter() },
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

        /// <summary>Starts a journal at <paramref name="path"/>, or continues the one there for the same session.</summary>
        public static UpgradeJournal Open(string path, Guid sessionId, string server, string instanceName, DateTimeOffset now, SecretMasker masker)
        {
            if (File.Exists(path))
            {
                var existing = Load(path, masker);
                if (existing.SessionId != sessionId)
                {
                    throw new OctopusUpgradeException(
                        JournalErrorIds.BelongsToAnotherSession,
                        FailureCategory.ResourceExists,
                        $"The journal '{path}' already records session {existing.SessionId}. A journal records one session: choose another -JournalPath.",
                        path);
                }

                return existing;
            }

            var document = new JournalDocument
            {
                SessionId = sessionId,
                Created = now,
                Server = masker.Mask(server),
                InstanceName = instanceName,
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

            JournalDocument? document;
            try
            {
                document = JsonConvert.DeserializeObject<JournalDocument>(text, Settings);
            }
            catch (JsonException e)
            {
                throw new OctopusUpgradeException(JournalErrorIds.Corrupt, FailureCategory.InvalidData, $"The journal '{path}' is not a valid journal: {e.Message}", path, e);
            }

            if (document is null || document.Format != JournalDocument.CurrentFormat)
            {
                throw new OctopusUpgradeException(
                    JournalErrorIds.FormatUnknown,
                    FailureCategory.InvalidData,
                    $"The journal '{path}' has format '{document?.Format}', but this module reads '{JournalDocument.CurrentFormat}'.",
                    path);
            }

            return new UpgradeJournal(path, document, masker ?? new SecretMasker());
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
