using System;
using System.IO;
using System.Text;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class LockFileTests : IDisposable
    {
        private static readonly Guid Session = new("0123456789abcdef0123456789abcdef");
        private static readonly DateTimeOffset Started = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        private string LockPath => _folder.Combine(".target.lock");

        [Fact]
        public void A_lock_holds_its_owner_replacing_whatever_a_gone_owner_left_and_is_readable_while_held()
        {
            File.WriteAllText(LockPath, new string('x', 500));
            var owner = new LockOwner(4242, "node-a", Session, Started);

            using (var held = LockFile.TryAcquire(LockPath, owner))
            {
                Assert.NotNull(held);
                Assert.Equal(LockPath, held!.Path);
                Assert.Equal("pid=4242, host=node-a, session=01234567-89ab-cdef-0123-456789abcdef, started=2026-11-30T04:00:00.0000000+00:00", LockFile.ReadOwner(LockPath));
            }

            Assert.Equal(Encoding.UTF8.GetBytes(owner.ToString()), File.ReadAllBytes(LockPath));
        }

        [Fact]
        public void Reading_the_owner_leaves_no_descriptor_open()
        {
            File.WriteAllText(LockPath, "pid=4242");

            Assert.Equal("pid=4242", LockFile.ReadOwner(LockPath));
            Assert.Equal(0, OpenDescriptors.To(LockPath));
        }

        [Fact]
        public void A_lock_path_that_is_a_folder_has_no_owner()
        {
            Directory.CreateDirectory(LockPath);

            Assert.Null(LockFile.ReadOwner(LockPath));
            Assert.Equal(0, OpenDescriptors.To(LockPath));
        }

        [Fact]
        public void A_lock_that_opens_but_cannot_be_written_is_an_error_and_leaves_nothing_held()
        {
            NamedPipe.Create(LockPath);

            // An IOException, which the journal and the copier report under their own ids, not a raw NotSupportedException.
            var error = Assert.Throws<IOException>(() => LockFile.TryAcquire(LockPath, LockOwner.ThisProcess(Session, Started)));
            Assert.Equal($"'{LockPath}' is not a regular file, so it cannot be used as a lock file: remove it or choose another path.", error.Message);
            Assert.Equal(0, OpenDescriptors.To(LockPath));
        }

        [Fact]
        public void A_held_lock_is_refused_to_a_second_owner_until_it_is_released()
        {
            var first = LockFile.TryAcquire(LockPath, LockOwner.ThisProcess(Session, Started));

            Assert.Null(LockFile.TryAcquire(LockPath, LockOwner.ThisProcess(Guid.NewGuid(), Started)));

            first!.Dispose();
            using var second = LockFile.TryAcquire(LockPath, LockOwner.ThisProcess(Guid.NewGuid(), Started));
            Assert.NotNull(second);
        }

        [Fact]
        public void A_lock_that_cannot_be_created_is_an_error_not_a_held_lock()
        {
            Directory.CreateDirectory(LockPath);

            var error = Record.Exception(() => LockFile.TryAcquire(LockPath, LockOwner.ThisProcess(Session, Started)));

            Assert.True(error is IOException or UnauthorizedAccessException, error?.ToString() ?? "no error");
        }

        [Fact]
        public void A_lock_needs_an_owner()
        {
            Assert.Equal("owner", Assert.Throws<ArgumentNullException>(() => LockFile.TryAcquire(LockPath, null!)).ParamName);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" \n ")]
        public void A_lock_file_that_is_missing_or_names_no_one_has_no_owner(string? content)
        {
            if (content is not null)
            {
                File.WriteAllText(LockPath, content);
            }

            Assert.Null(LockFile.ReadOwner(LockPath));
        }

        [Fact]
        public void This_process_is_named_by_its_id_and_host()
        {
            var owner = LockOwner.ThisProcess(Session, Started);

            Assert.Equal((Environment.ProcessId, Environment.MachineName, Session, Started), (owner.ProcessId, owner.Host, owner.SessionId, owner.Started));
        }
    }
}
