using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>A copy process killed outright (no cancellation, no clean-up code) and then resumed.</summary>
    public sealed class KilledCopyTests : IDisposable
    {
        private const int Packages = 80;
        private readonly TestFeed _feed = new();

        public void Dispose() => _feed.Dispose();

        [Fact]
        public async Task A_killed_copy_resumes_without_copying_a_finished_file_again()
        {
            _feed.AddPackages(Packages, 400_000);
            using var child = StartCopyProcess();
            await WaitForFinishedFiles(child, 10);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            var finished = TestFeed.Snapshot(_feed.Destination).Where(f => !f.Key.EndsWith(".partial", StringComparison.Ordinal)).ToList();
            var source = TestFeed.Snapshot(_feed.Source);

            var plan = await new PackageCopyPlanner().CreatePlanAsync(new PackageCopyRequest(_feed.Source, _feed.Destination));
            var resumed = await new PackageCopier(new RecordingReporter(), TimeProvider.System).CopyAsync(plan);

            Assert.InRange(finished.Count, 10, Packages - 1);
            Assert.All(finished, file => Assert.Equal(source[file.Key], file.Value));
            Assert.Equal((Packages - finished.Count, finished.Count, 0), (resumed.Copied, resumed.Skipped, resumed.Failed));
            _feed.AssertDestinationMatchesSource();
        }

        private Process StartCopyProcess()
        {
            // A pause after each finished file keeps the child busy long enough to be killed mid-run on any machine.
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "OctopusUpgrade.Bench.dll"), "copy", _feed.Source, _feed.Destination,
                "--parallelism", "2", "--file-delay-ms", "200",
            })
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start)!;
        }

        private async Task WaitForFinishedFiles(Process child, int count)
        {
            // A guard against a hung child, not a speed expectation.
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (FinishedFiles() < count)
            {
                if (child.HasExited)
                {
                    Assert.Fail("the copy ended before it could be killed: " + await child.StandardError.ReadToEndAsync());
                }

                Assert.True(DateTime.UtcNow < deadline, "the copy made no progress");
                await Task.Delay(10);
            }
        }

        private int FinishedFiles() =>
            Directory.Exists(_feed.Destination)
                ? Directory.EnumerateFiles(_feed.Destination, "*.nupkg", SearchOption.AllDirectories).Count()
                : 0;
    }
}
