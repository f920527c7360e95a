using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Journal
{
    public sealed class UpgradeJournalTests : IDisposable
    {
        private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        private static JournalRecord Step(string name, params (string Key, string Value)[] details) => new()
        {
            Step = name,
            Started = Now,
            Ended = Now.AddSeconds(5),
            Outcome = StepOutcome.Succeeded,
            Details = details.ToDictionary(d => d.Key, d => d.Value),
            Changes = new[] { name + " changed something" },
        };

        private UpgradeJournal Open(Guid? session = null, SecretMasker? masker = null) =>
            UpgradeJournal.Open(
                _folder.Combine("journal.json"),
                new JournalDocument { SessionId = session ?? Guid.Empty, Created = Now, Server = "https://octopus.example.com/", InstanceName = "OctopusServer" },
                masker ?? new SecretMasker());

        [Fact]
        public void Steps_round_trip_through_the_file_in_order()
        {
            var journal = Open();
            journal.Append(Step("Enable-MaintenanceMode", ("WasOn", "False")));
            journal.Append(Step("Backup-OctopusDatabase", ("Path", @"D:\Backups\Octopus.bak")) with { Outcome = StepOutcome.Failed });

            var loaded = UpgradeJournal.Load(journal.Path);
            Assert.Equal(journal.SessionId, loaded.SessionId);
            Assert.Equal(new[] { "Enable-MaintenanceMode", "Backup-OctopusDatabase" }, loaded.Records.Select(r => r.Step));
            Assert.Equal(StepOutcome.Failed, loaded.Records[1].Outcome);
            Assert.Equal(@"D:\Backups\Octopus.bak", loaded.Records[1].Details["Path"]);
            Assert.Equal(Now.AddSeconds(5), loaded.Records[0].Ended);
            Assert.Equal(journal.Records[0].Id, loaded.Records[0].Id);
        }

        [Fact]
        public void Reopening_continues_the_same_session_and_refuses_another()
        {
            var session = Guid.NewGuid();
            using (var first = Open(session))
            {
                first.Append(Step("One"));
            }

            using var reopened = Open(session);
            reopened.Append(Step("Two"));
            Assert.Equal(2, UpgradeJournal.Load(reopened.Path).Records.Count);

            reopened.Dispose();
            var error = Assert.Throws<OctopusUpgradeException>(() => Open(Guid.NewGuid()));
            Assert.Equal("JournalBelongsToAnotherSession", error.ErrorId);
        }

        [Fact]
        public void A_journal_is_written_by_one_holder_at_a_time_and_free_again_once_it_is_disposed()
        {
            var session = Guid.NewGuid();
            var first = Open(session);
            first.Append(Step("One"));

            var same = Assert.Throws<OctopusUpgradeException>(() => Open(session));
            var resumed = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Resume(first.Path, new SecretMasker()));
            Assert.Equal(("JournalInUse", "JournalInUse"), (same.ErrorId, resumed.ErrorId));
            Assert.Contains($"pid={Environment.ProcessId}", same.Message, StringComparison.Ordinal);
            Assert.Contains($"session={session}", same.Message, StringComparison.Ordinal);

            first.Dispose();
            Assert.Equal("JournalClosed", Assert.Throws<OctopusUpgradeException>(() => first.Append(Step("Late"))).ErrorId);
            using var second = UpgradeJournal.Resume(first.Path, new SecretMasker());
            second.Append(Step("Two"));
            Assert.Equal(new[] { "One", "Two" }, UpgradeJournal.Load(first.Path).Records.Select(r => r.Step));
        }

        [Fact]
        public void A_journal_whose_lock_another_process_holds_is_refused_and_taken_once_that_process_has_gone()
        {
            using var first = Open(Guid.NewGuid());
            first.Append(Step("One"));
            first.Dispose();
            var lockPath = _folder.Combine(".journal.json.lock");
            using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", new[] { "--exclusive", "--no-fork", lockPath, "sleep", "600" }))!;
            try
            {
                OctopusUpgradeException? refused = null;
                // flock takes the lock a moment after it starts: wait on that, not on a clock.
                while (refused is null && !holder.HasExited)
                {
                    try
                    {
                        UpgradeJournal.Resume(first.Path, new SecretMasker()).Dispose();
                        System.Threading.Thread.Sleep(20);
                    }
                    catch (OctopusUpgradeException e)
                    {
                        refused = e;
                    }
                }

                Assert.Equal("JournalInUse", refused?.ErrorId);
            }
            finally
            {
                holder.Kill();
                holder.WaitForExit();
            }

            using var resumed = UpgradeJournal.Resume(first.Path, new SecretMasker());
            resumed.Append(Step("Two"));
            Assert.Equal(2, UpgradeJournal.Load(first.Path).Records.Count);
        }

        [Fact]
        public void A_known_secret_in_details_or_changes_is_masked_before_it_reaches_the_disk()
        {
            const string key = "API-SECRETSECRETSECRET0001";
            var masker = new SecretMasker();
            masker.Add(new Secret(key));
            var journal = Open(masker: masker);
            var stored = journal.Append(Step("Call " + key, ("Url", "https://octo/api?apikey=" + key)) with { Changes = new[] { "used " + key } });

            var text = File.ReadAllText(journal.Path);
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.Equal("https://octo/api?apikey=" + Secret.Mask, stored.Details["Url"]);
            Assert.Equal("used " + Secret.Mask, stored.Changes.Single());
        }

        [Fact]
        public void A_write_interrupted_at_any_byte_leaves_the_previous_journal_readable_and_no_temporary_file()
        {
            var journal = Open();
            journal.Append(Step("First", ("Key", "Value")));
            var before = File.ReadAllText(journal.Path);
            var fullLength = before.Length + 400;

            for (var cut = 0; cut < fullLength; cut += 7)
            {
                var limit = cut;
                journal.WrapStream = stream => new FailingStream(stream, limit);
                var error = Assert.Throws<OctopusUpgradeException>(() => journal.Append(Step("Second", ("Key", new string('x', 300)))));
                Assert.Equal("JournalWriteFailed", error.ErrorId);

                Assert.Equal(before, File.ReadAllText(journal.Path));
                Assert.Single(UpgradeJournal.Load(journal.Path).Records);
                Assert.Equal(new[] { ".journal.json.lock", "journal.json" }, Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            }

            journal.WrapStream = stream => stream;
            journal.Append(Step("Second"));
            Assert.Equal(2, UpgradeJournal.Load(journal.Path).Records.Count);
        }

        [Theory]
        [InlineData("{ not json", "JournalCorrupt")]
        [InlineData("{\"Format\":\"Something/9\",\"Records\":[]}", "JournalFormatUnknown")]
        [InlineData("null", "JournalFormatUnknown")]
        public void A_damaged_journal_is_reported_not_guessed_at(string content, string errorId)
        {
            var path = _folder.Combine("damaged.json");
            File.WriteAllText(path, content);
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Load(path));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
        }

        [Fact]
        public void A_missing_journal_is_a_read_error()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeJournal.Load(_folder.Combine("nope.json")));
            Assert.Equal("JournalUnreadable", error.ErrorId);
        }

        /// <summary>Accepts a fixed number of bytes, then fails as a disk or a killed process would.</summary>
        private sealed class FailingStream : Stream
        {
            private readonly Stream _inner;
            private long _remaining;

            public FailingStream(Stream inner, long limit)
            {
                _inner = inner;
                _remaining = limit;
            }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => _inner.Length;

            public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count)
            {
                var allowed = (int)Math.Min(count, _remaining);
                _inner.Write(buffer, offset, allowed);
                _remaining -= allowed;
                if (allowed < count)
                {
                    throw new IOException("Simulated failure part-way through the write.");
                }
            }

            public override void Flush() => _inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
