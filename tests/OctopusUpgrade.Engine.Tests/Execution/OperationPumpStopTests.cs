using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    /// <summary>What a stopped <see cref="OperationPump"/> run throws, and what becomes of work that outlives it.</summary>
    public sealed class OperationPumpStopTests
    {
        [Fact]
        public async Task Work_that_outlives_its_stopped_run_reports_into_nothing_without_failing()
        {
            using var stop = new CancellationTokenSource();
            using var release = new ManualResetEventSlim();
            var late = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var delivered = new List<string>();
            var sink = new DelegatingSink(_ => { }, message =>
            {
                delivered.Add(message);
                stop.Cancel();
            }, _ => { }, _ => { }, _ => { }, _ => { });

            // The work ignores the stop, so Run gives up on it after its grace and returns while the work still runs.
            var error = Assert.Throws<OperationCanceledException>(() => OperationPump.Run((reporter, _) => Task.Run(() =>
            {
                reporter.Verbose("started");
                release.Wait();
                late.SetResult(Record.Exception(() => reporter.Verbose("late")));
            }), sink, stop.Token));
            release.Set();

            Assert.Equal("The operation was stopped.", error.Message);
            Assert.Equal(stop.Token, error.CancellationToken);
            Assert.Null(await late.Task);
            Assert.Equal(new[] { "started" }, delivered);
        }

        [Fact]
        public void Work_and_sink_are_required()
        {
            var sink = new DelegatingSink(_ => { }, _ => { }, _ => { }, _ => { }, _ => { }, _ => { });

            Assert.Equal("work", Assert.Throws<ArgumentNullException>(() => OperationPump.Run<int>(null!, sink, CancellationToken.None)).ParamName);
            Assert.Equal("work", Assert.Throws<ArgumentNullException>(() => OperationPump.Run(null!, sink, CancellationToken.None)).ParamName);
            Assert.Equal("sink", Assert.Throws<ArgumentNullException>(() => OperationPump.Run((_, _) => Task.FromResult(1), null!, CancellationToken.None)).ParamName);
        }
    }
}
