using System;
using System.Collections.Generic;
using System.IO;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Tests.IO
{
    /// <summary>How <see cref="AtomicFile"/> rides out a rename that a reader holding the file makes fail for a moment.</summary>
    public sealed class AtomicFileRenameRetryTests
    {
        private readonly List<int> _pauses = new();
        private int _attempts;

        [Theory]
        [InlineData(typeof(IOException), true)]
        [InlineData(typeof(UnauthorizedAccessException), true)]
        [InlineData(typeof(FileNotFoundException), false)]
        [InlineData(typeof(DirectoryNotFoundException), false)]
        [InlineData(typeof(InvalidOperationException), false)]
        public void Only_a_file_held_or_denied_for_a_moment_is_retried(Type errorType, bool retried)
        {
            var error = (Exception)Activator.CreateInstance(errorType, "the rename failed")!;

            var surfaced = Record.Exception(() => AtomicFile.ReplaceWithRetry(FailingTimes(1, error), _pauses.Add));

            Assert.Equal(retried ? null : error, surfaced);
            Assert.Equal(retried ? 2 : 1, _attempts);
            Assert.Equal(retried ? new[] { 50 } : Array.Empty<int>(), _pauses);
        }

        [Fact]
        public void A_rename_that_succeeds_on_the_fifth_attempt_is_done_after_four_longer_pauses()
        {
            AtomicFile.ReplaceWithRetry(FailingTimes(4, new IOException("sharing violation")), _pauses.Add);

            Assert.Equal(5, _attempts);
            Assert.Equal(new[] { 50, 100, 150, 200 }, _pauses);
        }

        [Fact]
        public void A_rename_that_fails_five_times_surfaces_its_last_error()
        {
            var error = new IOException("sharing violation");

            var surfaced = Assert.Throws<IOException>(() => AtomicFile.ReplaceWithRetry(FailingTimes(int.MaxValue, error), _pauses.Add));

            Assert.Same(error, surfaced);
            Assert.Equal(5, _attempts);
            Assert.Equal(new[] { 50, 100, 150, 200 }, _pauses);
        }

        private Action FailingTimes(int failures, Exception error) => () =>
        {
            if (++_attempts <= failures)
            {
                throw error;
            }
        };
    }
}
