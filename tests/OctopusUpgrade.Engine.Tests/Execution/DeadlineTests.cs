using System;
using System.Threading;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    public sealed class DeadlineTests
    {
        private readonly FakeTimeProvider _clock = new() { AutoAdvance = false };

        [Fact]
        public void A_deadline_counts_down_on_its_clock_and_passes_exactly_at_its_duration()
        {
            using var deadline = Deadline.After(TimeSpan.FromSeconds(10), _clock);

            Assert.Equal((TimeSpan.Zero, TimeSpan.FromSeconds(10), false, false), State(deadline));

            _clock.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal((TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6), false, false), State(deadline));

            _clock.Advance(TimeSpan.FromSeconds(6));
            Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.Zero, true, true), State(deadline));

            _clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.Zero, true, true), State(deadline));
            Assert.Equal(TimeSpan.FromSeconds(10), deadline.Duration);
        }

        [Fact]
        public void The_callers_cancellation_ends_the_wait_but_is_not_the_deadline_passing()
        {
            using var caller = new CancellationTokenSource();
            using var deadline = Deadline.After(TimeSpan.FromSeconds(10), _clock, caller.Token);

            caller.Cancel();
            Assert.True(deadline.Token.IsCancellationRequested);
            Assert.False(deadline.HasPassed);

            _clock.Advance(TimeSpan.FromSeconds(10));
            Assert.False(deadline.HasPassed);
        }

        [Fact]
        public void An_infinite_deadline_never_passes_and_has_infinite_time_left()
        {
            using var deadline = Deadline.After(Timeout.InfiniteTimeSpan, _clock);

            _clock.Advance(TimeSpan.FromDays(400));

            Assert.Equal(Timeout.InfiniteTimeSpan, deadline.Remaining);
            Assert.Equal(TimeSpan.FromDays(400), deadline.Elapsed);
            Assert.False(deadline.Token.IsCancellationRequested);
            Assert.False(deadline.HasPassed);
        }

        [Fact]
        public void A_disposed_deadline_stops_its_timer_and_its_token()
        {
            var deadline = Deadline.After(TimeSpan.FromSeconds(10), _clock);

            deadline.Dispose();
            _clock.Advance(TimeSpan.FromSeconds(10));

            Assert.False(deadline.HasPassed);
            Assert.Throws<ObjectDisposedException>(() => deadline.Token);
        }

        [Fact]
        public void A_deadline_needs_a_clock()
        {
            var error = Assert.Throws<ArgumentNullException>(() => Deadline.After(TimeSpan.FromSeconds(1), null!));

            Assert.Equal("time", error.ParamName);
        }

        private static (TimeSpan Elapsed, TimeSpan Remaining, bool Cancelled, bool HasPassed) State(Deadline deadline) =>
            (deadline.Elapsed, deadline.Remaining, deadline.Token.IsCancellationRequested, deadline.HasPassed);
    }
}
