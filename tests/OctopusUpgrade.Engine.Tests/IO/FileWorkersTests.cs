using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class FileWorkersTests
    {
        [Theory]
        [InlineData(0, 4)]
        [InlineData(1, 4)]
        [InlineData(10, 1)]
        [InlineData(10, 3)]
        [InlineData(3, 10)]
        [InlineData(5, 0)]
        public async Task Every_item_is_handled_once_by_at_most_the_given_number_of_workers(int items, int parallelism)
        {
            var handled = new ConcurrentBag<int>();
            var buffers = new ConcurrentDictionary<FileWorkerBuffers, bool>();

            await FileWorkers.RunAsync(items, parallelism, (index, buffer) =>
            {
                handled.Add(index);
                buffers.TryAdd(buffer, true);
            }, CancellationToken.None);

            Assert.Equal(Enumerable.Range(0, items), handled.Order());
            Assert.InRange(buffers.Count, Math.Min(items, 1), Math.Max(1, Math.Min(parallelism, items)));
        }

        [Fact]
        public async Task A_cancelled_run_handles_no_further_item()
        {
            using var cancellation = new CancellationTokenSource();
            var handled = new ConcurrentBag<int>();

            var run = FileWorkers.RunAsync(10, 1, (index, _) =>
            {
                handled.Add(index);
                if (index == 2)
                {
                    cancellation.Cancel();
                }
            }, cancellation.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Equal(new[] { 0, 1, 2 }, handled.Order());
        }

        [Fact]
        public async Task A_workers_buffers_are_allocated_once_and_reused()
        {
            var seen = new ConcurrentBag<(byte[] Data, byte[] ReadBack)>();

            await FileWorkers.RunAsync(3, 1, (_, buffers) => seen.Add((buffers.Data, buffers.ReadBack)), CancellationToken.None);

            Assert.Single(seen.Select(s => s.Data).Distinct());
            Assert.Single(seen.Select(s => s.ReadBack).Distinct());
            Assert.NotSame(seen.First().Data, seen.First().ReadBack);
            Assert.Equal(CopyFileSystem.BufferSize, seen.First().Data.Length);
            Assert.Equal(CopyFileSystem.BufferSize, seen.First().ReadBack.Length);
        }
    }
}
