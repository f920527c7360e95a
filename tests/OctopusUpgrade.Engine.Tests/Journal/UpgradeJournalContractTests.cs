using System;
using System.IO;
using System.Linq;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tests.Journal
{
    /// <summary>
    /// What a journal stores when it starts, what it reads from older or damaged files, and how each of its errors
    /// names the file: the parts of <see cref="UpgradeJournal"/> the step-by-step tests in
    /// <see cref="UpgradeJournalTests"/> do not reach.
    /// </summary>
    public sealed class UpgradeJournalContractTests : IDisposable
    {
        private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        private string JournalPath => _folder.Combine("journal.json");

        private static JournalDocument Start(Guid session, string? sqlConnectionString = null) => new()
        {
            SessionId = session,
            Created = Now,
            Server = "https://octopus.example.com/",
            InstanceName = "OctopusServer",
            SqlConnectionString = sqlConnectionString,
            TargetVersion = OctopusVersion.Parse("2020.6.4"),
        };

        [Fact]
        public void A_new_journal_is_on_disk_with_its_session_before_any_step_and_its_connection_string_masked()
        {
            const string password = "Sql-Pa55word!";
            var masker = new SecretMasker();
            masker.Add(new Secret(password));
            var session = Guid.NewGuid();

            using var journal = UpgradeJournal.Open(JournalPath, Start(session, "Server=sql;Password=" + password), masker);

            var loaded = UpgradeJournal.Load(JournalPath).Document;
            Assert.Equal(session, loaded.SessionId);
            Assert.Equal("Server=sql;Password=" + Secret.Mask, loaded.SqlConnectionString);
            Assert.Equal(OctopusVersion.Parse("2020.6.4"), loaded.TargetVersion);
            Assert.Empty(loaded.Records);
            Assert.DoesNotContain(password, File.ReadAllText(JournalPath), StringComparison.Ordinal);
            Assert.Equal(loaded.SqlConnectionString, journal.Document.SqlConnectionString);
        }

        [Fact]
        public void A_journal_started_without_a_connection_string_keeps_none()
        {
            using var journal = UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker());

            Assert.Null(UpgradeJournal.Load(JournalPath).Document.SqlConnectionString);
            Assert.Null(journal.Document.SqlConnectionString);
        }

        [Fact]
        public void A_journal_refused_for_another_session_leaves_its_lock_free()
        {
            var owner = Guid.NewGuid();
            UpgradeJournal.Open(JournalPath, Start(owner), new SecretMasker()).Dispose();

            Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker()));

            using var resumed = UpgradeJournal.Resume(JournalPath, new SecretMasker());
            Assert.Equal(owner, resumed.SessionId);
        }

        [Fact]
        public void Recorded_facts_are_on_disk_with_backup_paths_masked_and_are_read_back()
        {
            const string secret = "Backup-Secret-77";
            var masker = new SecretMasker();
            masker.Add(new Secret(secret));
            using var journal = UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), masker);
            var backup = new BackupRecord(BackupKind.Database, "/backups/" + secret + "/Octopus.bak", Now, 1024, Verified: true);

            journal.RecordFacts(new SessionFacts { MaintenanceModeAsFound = true, Backups = new[] { backup } });

            var masked = backup with { Path = "/backups/" + Secret.Mask + "/Octopus.bak" };
            foreach (var facts in new[] { UpgradeJournal.Load(JournalPath).Document.Facts, journal.Document.Facts })
            {
                Assert.True(facts.MaintenanceModeAsFound);
                Assert.Equal(masked, facts.Backups.Single());
            }
        }

        [Fact]
        public void Missing_arguments_are_refused_by_name()
        {
            using var journal = UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker());

            Assert.Equal("start", Assert.Throws<ArgumentNullException>(() => UpgradeJournal.Open(_folder.Combine("other.json"), null!, new SecretMasker())).ParamName);
            Assert.Equal("facts", Assert.Throws<ArgumentNullException>(() => journal.RecordFacts(null!)).ParamName);
        }

        [Fact]
        public void A_version_1_journal_reads_with_empty_settings_no_facts_and_no_steps_in_the_current_format()
        {
            var session = Guid.NewGuid();
            File.WriteAllText(JournalPath, $"{{\"Format\":\"{JournalDocument.PreviousFormat}\",\"SessionId\":\"{session}\",\"Facts\":null,\"Records\":null}}");

            var document = UpgradeJournal.Load(JournalPath).Document;

            Assert.Equal((JournalDocument.CurrentFormat, session, string.Empty, string.Empty), (document.Format, document.SessionId, document.Server, document.InstanceName));
            Assert.Equal(new SessionFacts(), document.Facts);
            Assert.Empty(document.Records);
        }

        [Fact]
        public void A_new_record_has_a_fresh_32_digit_id_and_no_step_details_or_changes()
        {
            var record = new JournalRecord();

            Assert.Matches("^[0-9a-f]{32}$", record.Id);
            Assert.NotEqual(record.Id, new JournalRecord().Id);
            Assert.Equal(string.Empty, record.Step);
            Assert.Empty(record.Details);
            Assert.Empty(record.Changes);
        }

        [Theory]
        [InlineData("\"2020.6.4\"", "2020.6.4")]
        [InlineData("null", null)]
        public void A_target_version_is_read_as_text_or_null(string json, string? expected)
        {
            File.WriteAllText(JournalPath, $"{{\"Format\":\"{JournalDocument.CurrentFormat}\",\"TargetVersion\":{json}}}");

            Assert.Equal(expected, UpgradeJournal.Load(JournalPath).Document.TargetVersion?.ToString());
        }

        /// <summary>Every journal error names the file (or its lock) and says what is wrong with it.</summary>
        [Theory]
        [InlineData("  \n", "JournalCorrupt", "is empty")]
        [InlineData("{ not json", "JournalCorrupt", "is not a valid journal")]
        [InlineData("{\"Format\":\"OctopusUpgrade.Journal/2\",\"TargetVersion\":2020}", "JournalCorrupt", "'2020' at TargetVersion is not an Octopus version")]
        [InlineData("{\"Format\":\"OctopusUpgrade.Journal/2\",\"TargetVersion\":\"not-a-version\"}", "JournalCorrupt", "'not-a-version' at TargetVersion is not an Octopus version")]
        [InlineData("{\"Format\":\"Something/9\"}", "JournalFormatUnknown", "has format 'Something/9', but this module reads 'OctopusUpgrade.Journal/2' and 'OctopusUpgrade.Journal/1'")]
        public void A_damaged_journal_is_named_with_what_is_wrong(string content, string errorId, string says)
        {
            File.WriteAllText(JournalPath, content);

            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Load(JournalPath));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains($"The journal '{JournalPath}' ", error.Message, StringComparison.Ordinal);
            Assert.Contains(says, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_missing_journal_is_named_as_unreadable()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Load(JournalPath));

            Assert.Equal("JournalUnreadable", error.ErrorId);
            Assert.StartsWith($"The journal '{JournalPath}' cannot be read: ", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_journal_of_another_session_is_named_with_that_session()
        {
            var owner = Guid.NewGuid();
            UpgradeJournal.Open(JournalPath, Start(owner), new SecretMasker()).Dispose();

            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker()));

            Assert.StartsWith($"The journal '{JournalPath}' already records session {owner}.", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_closed_journal_is_named_with_how_to_reopen_it()
        {
            UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker()).Dispose();
            var loaded = UpgradeJournal.Load(JournalPath);

            var error = Assert.Throws<OctopusUpgradeException>(loaded.EnsureOpen);

            Assert.Equal("JournalClosed", error.ErrorId);
            Assert.Contains($"New-OctopusUpgradeSession -Journal '{JournalPath}'", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_journal_that_cannot_be_written_is_named()
        {
            using var journal = UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker());
            journal.WrapStream = _ => throw new IOException("disk full");

            var error = Assert.Throws<OctopusUpgradeException>(() => journal.Append(new JournalRecord { Step = "One" }));

            Assert.Equal("JournalWriteFailed", error.ErrorId);
            Assert.Equal($"The journal '{JournalPath}' could not be written: disk full", error.Message);
        }

        [Theory]
        [InlineData("a folder", "")]
        [InlineData("a named pipe", "is not a regular file, so it cannot be used as a lock file")]
        public void A_lock_file_that_cannot_be_created_is_a_write_failure_naming_it(string what, string reason)
        {
            var lockPath = _folder.Combine(".journal.json.lock");
            if (what == "a folder")
            {
                Directory.CreateDirectory(lockPath);
            }
            else
            {
                NamedPipe.Create(lockPath);
            }

            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker()));

            Assert.Equal("JournalWriteFailed", error.ErrorId);
            Assert.StartsWith($"The journal's lock file '{lockPath}' could not be written: ", error.Message, StringComparison.Ordinal);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_lock_held_by_a_writer_that_named_no_owner_points_at_the_lock_file()
        {
            UpgradeJournal.Open(JournalPath, Start(Guid.NewGuid()), new SecretMasker()).Dispose();
            var lockPath = _folder.Combine(".journal.json.lock");
            using var holder = new FileStream(lockPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);

            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Resume(JournalPath, new SecretMasker()));

            Assert.Equal("JournalInUse", error.ErrorId);
            Assert.StartsWith($"The journal '{JournalPath}' is being written by another session (its owner is named in '{lockPath}').", error.Message, StringComparison.Ordinal);
        }
    }
}
