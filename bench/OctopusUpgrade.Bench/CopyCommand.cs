using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Packages;

namespace OctopusUpgrade.Bench
{
    /// <summary>
    /// Plans and copies a feed through the engine as the cmdlet would, and prints one line of figures. The time is
    /// measured around plan and copy only: in PowerShell the runtime is already loaded when the cmdlet runs.
    /// </summary>
    internal static class CopyCommand
    {
        public static int Run(string[] args)
        {
            var request = new PackageCopyRequest(args[0], args[1])
            {
                VerifyMode = Enum.Parse<PackageVerifyMode>(BenchArguments.Option(args, "--verify", "Fast")),
                MaxParallelism = (int)BenchArguments.Number(args, "--parallelism", 0),
            };
            var reporter = new ConsoleReporter((int)BenchArguments.Number(args, "--file-delay-ms", 0));
            if (args.Contains("--warm-up"))
            {
                WarmUp(request);
            }

            var stopwatch = Stopwatch.StartNew();
            try
            {
                var plan = new PackageCopyPlanner().CreatePlanAsync(request).GetAwaiter().GetResult();
                var result = new PackageCopier(reporter, TimeProvider.System).CopyAsync(plan).GetAwaiter().GetResult();
                stopwatch.Stop();
                reporter.WriteHeld();
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "engine_seconds={0:F3} copied={1} skipped={2} failed={3} bytes={4} peak_rss_kb={5}",
                    stopwatch.Elapsed.TotalSeconds,
                    result.Copied,
                    result.Skipped,
                    result.Failed,
                    result.BytesCopied,
                    PeakResidentKilobytes()));
                return result.Failed == 0 ? 0 : 1;
            }
            catch (OctopusUpgradeException e)
            {
                reporter.WriteHeld();
                Console.Error.WriteLine($"{e.ErrorId}: {e.Message}");
                return 3;
            }
        }

        /// <summary>
        /// Runs plan and copy once over a two-file throw-away feed, untimed, so that the timed run measures the engine's
        /// work rather than this process's first-call JIT (a PowerShell session pays that once, not per copy).
        /// </summary>
        private static void WarmUp(PackageCopyRequest like)
        {
            var root = Path.Combine(Path.GetTempPath(), "ou-bench-warmup-" + Guid.NewGuid().ToString("N"));
            try
            {
                var source = Path.Combine(root, "feed", "Warm.Up");
                Directory.CreateDirectory(source);
                File.WriteAllBytes(Path.Combine(source, "Warm.Up.1.0.0.nupkg"), new byte[4096]);
                File.WriteAllBytes(Path.Combine(source, "Warm.Up.1.0.1.nupkg"), new byte[8192]);
                var request = like with { SourcePath = Path.Combine(root, "feed"), DestinationPath = Path.Combine(root, "copy") };
                for (var pass = 0; pass < 2; pass++)
                {
                    var plan = new PackageCopyPlanner().CreatePlanAsync(request).GetAwaiter().GetResult();
                    new PackageCopier(NullOperationReporter.Instance, TimeProvider.System).CopyAsync(plan).GetAwaiter().GetResult();
                }
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        /// <summary>The process's high-water mark of resident memory (Linux VmHWM), or -1 where /proc has none.</summary>
        private static long PeakResidentKilobytes()
        {
            const string status = "/proc/self/status";
            var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
            return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Warnings, information and errors are held and written to stderr after the timing, as the module's pump
        /// queues them for the pipeline thread: the console's own start-up is the host's cost, not the engine's.
        /// Progress and verbose lines are dropped. The optional delay after each finished file lets a test kill the
        /// process while a copy is surely under way.
        /// </summary>
        private sealed class ConsoleReporter : IOperationReporter
        {
            private readonly int _fileDelayMilliseconds;
            private readonly ConcurrentQueue<string> _held = new();

            public ConsoleReporter(int fileDelayMilliseconds)
            {
                _fileDelayMilliseconds = fileDelayMilliseconds;
            }

            public void Progress(OperationProgress progress)
            {
            }

            public void Verbose(string message)
            {
                if (_fileDelayMilliseconds > 0)
                {
                    Thread.Sleep(_fileDelayMilliseconds);
                }
            }

            public void Warning(string message) => _held.Enqueue($"WARNING: {message}");

            public void Information(string message) => _held.Enqueue(message);

            public void Output(object item)
            {
            }

            public void Error(OctopusUpgradeException error) => _held.Enqueue($"ERROR {error.ErrorId}: {error.Message}");

            public void WriteHeld()
            {
                while (_held.TryDequeue(out var line))
                {
                    Console.Error.WriteLine(line);
                }
            }
        }
    }
}
