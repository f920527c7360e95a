using System;
using System.IO;
using System.Text;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class AtomicFileTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void A_write_replaces_the_content_and_leaves_no_temporary_file()
        {
            var path = _folder.Combine("file.json");
            File.WriteAllText(path, "old");

            AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes("new"), 0, 3));

            Assert.Equal("new", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(_folder.Path));
        }

        [Fact]
        public void A_temporary_file_a_crash_left_is_removed_and_one_being_written_now_is_not()
        {
            var path = _folder.Combine("journal.json");
            var stale = _folder.Combine(".journal.json." + Guid.NewGuid().ToString("N") + ".tmp");
            var live = _folder.Combine(".journal.json." + Guid.NewGuid().ToString("N") + ".tmp");
            var unrelated = _folder.Combine(".other.json." + Guid.NewGuid().ToString("N") + ".tmp");
            foreach (var file in new[] { stale, live, unrelated })
            {
                File.WriteAllText(file, "{");
            }

            File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
            File.SetLastWriteTimeUtc(unrelated, DateTime.UtcNow.AddHours(-1));

            AtomicFile.Write(path, stream => stream.WriteByte((byte)'1'));

            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(unrelated));
        }

        [Fact]
        public void A_rename_that_keeps_failing_surfaces_after_its_retries_and_leaves_the_target_and_no_temporary_file()
        {
            var path = _folder.Combine("taken");
            Directory.CreateDirectory(path);

            var error = Record.Exception(() => AtomicFile.Write(path, stream => stream.WriteByte(1)));

            Assert.True(error is IOException or UnauthorizedAccessException, error?.GetType().Name);
            Assert.True(Directory.Exists(path));
            Assert.Empty(Directory.GetFiles(_folder.Path));
        }
    }
}
