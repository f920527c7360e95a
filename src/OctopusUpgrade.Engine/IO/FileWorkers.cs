using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// A fixed number of worker threads taking items by index, each with its own reusable buffers. The work is blocking
    /// file I/O, so dedicated threads beat async I/O here (on Linux async file I/O is the thread pool anyway), and
    /// net472 has no <c>Parallel.ForEachAsync</c>.
    /// </summary>
    internal static class FileWorkers
    {
        public static Task RunAsync(int itemCount, int parallelism, Action<int, FileWorkerBuffers> work, CancellationToken cancellationToken)
        {
            var next = -1;
            var workers = Enumerable.Range(0, Math.Max(1, Math.Min(parallelism, itemCount)))
                .Select(_ => Task.Factory.StartNew(
                    () =>
                    {
                        var buffers = new FileWorkerBuffers();
                        int index;
                        while ((index = Interlocked.Increment(ref next)) < itemCount)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            work(index, buffers);
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
