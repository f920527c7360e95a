using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// A fixed number of worker threads taking items by index, each with one reusable buffer. The work is blocking
    /// file I/O, so dedicated threads beat async I/O here (on Linux async file I/O is the thread pool anyway), and
    /// net472 has no <c>Parallel.ForEachAsync</c>.
    /// </summary>
    internal static class PackageWorkers
    {
        public static Task RunAsync(int itemCount, int parallelism, Action<int, byte[]> work, CancellationToken cancellationToken)
        {
            var next = -1;
            var workers = Enumerable.Range(0, Math.Max(1, Math.Min(parallelism, itemCount)))
                .Select(_ => Task.Factory.StartNew(
                    () =>
                    {
                        var buffer = new byte[PackageFileSystem.BufferSize];
                        int index;
                        while ((index = Interlocked.Increment(ref next)) < itemCount)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            work(index, buffer);
                        }
                    },
                    cancellationToken,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default))
                .ToArray();
            return Task.WhenAll(workers);
        }
    }
}
