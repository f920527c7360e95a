using System;
using System.IO;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    /// <summary>Which files beside the target <see cref="AtomicFile"/> takes for its own leftovers, and which it never touches.</summary>
    public sealed class AtomicFileTemporaryFilesTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Theory]
        [InlineData(".journal.json.0123456789abcdef0123456789abcdef.tmp", -60, false)]
        [InlineData(".journal.json.0123456789abcdef0123456789abcdef.tmp", -9, true)]
        [InlineData(".journal.json.0123456789abcdef0123456789abcdeg.tmp", -60, true)]
        [InlineData(".journal.json.0123456789abcdef0123456789abcde.tmp", -60, true)]
        [InlineData(".journal.json.0123456789abcdef0123456789abcdef0.tmp", -60, true)]
        [InlineData(".journal.json.{01234567-89ab-cdef-0123-456789abcdef}.tmp", -60, true)]
        [InlineData(".journal.json.01234567-89ab-cdef-0123-456789abcdef.tmp", -60, true)]
        [InlineData(".journal.json.bak.0123456789abcdef0123456789abcdef.tmp", -60, true)]
        public void Only_an_old_temporary_file_named_by_a_write_of_this_file_is_removed(string name, int minutesOld, bool kept)
        {
            var leftover = _folder.Combine(name);
            File.WriteAllText(leftover, "{");
            File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddMinutes(minutesOld));

            AtomicFile.Write(_folder.Combine("journal.json"), stream => stream.WriteByte((byte)'1'));

            Assert.Equal(kept, File.Exists(leftover));
        }

        [Theory]
        [InlineData(0, true)]
        [InlineData(1, false)]
        public void A_temporary_file_is_removed_only_once_it_is_older_than_ten_minutes(long ticksPastTenMinutes, bool kept)
        {
            var written = new DateTime(2026, 11, 30, 4, 0, 0, DateTimeKind.Utc);
            var leftover = _folder.Combine(".journal.json.0123456789abcdef0123456789abcdef.tmp");
            File.WriteAllText(leftover, "{");
            File.SetLastWriteTimeUtc(leftover, written);

            AtomicFile.RemoveStaleTemporaryFiles(_folder.Combine("journal.json"), written.AddMinutes(10).AddTicks(ticksPastTenMinutes));

            Assert.Equal(kept, File.Exists(leftover));
        }

        [Fact]
        public void The_new_content_is_written_to_a_dot_named_temporary_file_beside_the_target()
        {
            string? temporary = null;

            AtomicFile.Write(_folder.Combine("journal.json"), stream =>
            {
                temporary = ((FileStream)stream).Name;
                stream.WriteByte((byte)'1');
            });

            Assert.Equal(_folder.Path, Path.GetDirectoryName(temporary));
            Assert.Matches("^\\.journal\\.json\\.[0-9a-f]{32}\\.tmp$", Path.GetFileName(temporary));
        }

        [Fact]
        public void A_path_without_a_folder_is_refused()
        {
            var error = Assert.Throws<ArgumentException>(() => AtomicFile.Write("/", _ => { }));

            Assert.Equal("path", error.ParamName);
            Assert.StartsWith("'/' has no folder.", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_write_that_fails_leaves_the_old_content_and_no_temporary_file()
        {
            var path = _folder.Combine("journal.json");
            File.WriteAllText(path, "old");

            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("writer failed")));

            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(_folder.Path));
        }
    }
}
