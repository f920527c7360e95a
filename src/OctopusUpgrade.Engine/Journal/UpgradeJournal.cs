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
    /// so a run that dies leaves the journal as it was after the last finished step. A journal opened for writing
    /// holds a lock file beside it (<c>.&lt;name&gt;.lock</c>) until it is disposed: one writer at a time, in this
    /// process or any other, since two writers each rewriting the whole file would lose each other's records.
    /// </summary>
    public sealed class UpgradeJournal : IDisposable
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
        private LockFile? _lock;

        private UpgradeJournal(string path, JournalDocument document, SecretMasker masker, LockFile? writeLock)
        {
            Path = path;
            _document = document;
            _masker = masker;
            _lock = writeLock;
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
        /// one there when it records the same session; either way holding its lock until disposed.
        /// </summary>
        /// <exception cref="OctopusUpgradeException"><c>JournalInUse</c> while another session writes it; <c>JournalBelongsToAnotherSession</c>.</exception>
        public static UpgradeJournal Open(string path, JournalDocument start, SecretMasker masker)
        {
            if (start is null)
            {
                throw new ArgumentNullException(nameof(start));
            }

            var writeLock = Lock(path, start.SessionId);
            try
            {
                // Looked for under the lock: of two sessions given one new path at once, the second finds the first's journal.
                if (File.Exists(path))
                {
                    var existing = Read(path);
                    if (existing.SessionId != start.SessionId)
                    {
                        throw new OctopusUpgradeException(
                            JournalErrorIds.BelongsToAnotherSession,
                            FailureCategory.ResourceExists,
                            $"The journal '{path}' already records session {existing.SessionId}. A journal records one session: choose another -JournalPath, or reopen that session with New-OctopusUpgradeSession -Journal.",
                            path);
                    }

                    return new UpgradeJournal(path, existing, masker, writeLock);
                }

                var document = start with
                {
                    Format = JournalDocument.CurrentFormat,
                    Server = masker.Mask(start.Server),
                    SqlConnectionString = start.SqlConnectionString is null ? null : masker.Mask(start.SqlConnectionString),
                };
                var journal = new UpgradeJournal(path, document, masker, writeLock);
                journal.Save(document);
                return journal;
            }
            catch
            {
                writeLock.Dispose();
                throw;
            }
        }

        /// <summary>Opens an existing journal to continue it (a reopened session), holding its lock until disposed.</summary>
        /// <exception cref="OctopusUpgradeException"><c>JournalInUse</c> while another session writes it; the errors of <see cref="Load"/>.</exception>
        public static UpgradeJournal Resume(string path, SecretMasker masker)
        {
            var document = Read(path);
            var writeLock = Lock(path, document.SessionId);
            try
            {
                // Read again under the lock: the session that held it may have added records since.
                return new UpgradeJournal(path, Read(path), masker, writeLock);
            }
            catch
            {
                writeLock.Dispose();
                throw;
            }
        }

        /// <summary>Reads a journal back, to check it or render a report; the journal returned cannot be written.</summary>
        /// <remarks>No masker: what it reads was masked when written, and it can write nothing.</remarks>
        public static UpgradeJournal Load(string path) => new(path, Read(path), new SecretMasker(), writeLock: null);

        /// <summary>Whether <paramref name="path"/> names this journal's file (case-insensitively on Windows).</summary>
        public bool IsAt(string path) =>
            string.Equals(System.IO.Path.GetFullPath(Path), System.IO.Path.GetFullPath(path), FilePaths.Comparison);

        /// <summary>Fails with <c>JournalClosed</c> unless this journal can be written: a step checks before it changes anything.</summary>
        public void EnsureOpen()
        {
            if (_lock is null)
            {
                throw new OctopusUpgradeException(
                    JournalErrorIds.Closed,
                    FailureCategory.InvalidOperation,
                    $"The journal '{Path}' is closed: its session was disposed, or it was opened only to be read. Reopen the session with New-OctopusUpgradeSession -Journal '{Path}'.",
                    Path);
            }
        }

        /// <summary>Releases the journal's lock; it cannot be written after this, and another session may open it.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _lock?.Dispose();
                _lock = null;
            }
        }

        private static string LockPath(string path) =>
            System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, "." + System.IO.Path.GetFileName(path) + ".lock");

        private static LockFile Lock(string path, Guid sessionId)
        {
            var lockPath = LockPath(path);
            LockFile? writeLock;
            try
            {
                writeLock = LockFile.TryAcquire(lockPath, LockOwner.ThisProcess(sessionId, DateTimeOffset.UtcNow));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OctopusUpgradeException(JournalErrorIds.WriteFailed, FailureCategory.WriteError, $"The journal's lock file '{lockPath}' could not be written: {e.Message}", path, e);
            }

            return writeLock ?? throw new OctopusUpgradeException(
                JournalErrorIds.InUse,
                FailureCategory.ResourceUnavailable,
                $"The journal '{path}' is being written by another session ({LockFile.ReadOwner(lockPath) ?? "its owner is named in '" + lockPath + "'"}). One session writes a journal at a time: wait for it to finish, close it ($session.Dispose(), or end that PowerShell), or choose another -JournalPath.",
                path);
        }

        private static JournalDocument Read(string path)
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
            return document with
            {
                Format = JournalDocument.CurrentFormat,
                Facts = document.Facts ?? new SessionFacts(),
                Records = document.Records ?? Array.Empty<JournalRecord>(),
            };
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
            EnsureOpen();
            var json = JsonConvert.SerializeObject(document, Settings);
            try
            {
                AtomicFile.Write(Path, stream =>
                {
                    var bytes = Encoding.UTF8.GetBytes(json);
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
