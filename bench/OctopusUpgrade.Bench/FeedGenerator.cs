using System;
using System.Globalization;
using System.IO;

namespace OctopusUpgrade.Bench
{
    /// <summary>
    /// Writes a feed shaped like a real built-in repository: package ids with many versions each, in one folder per
    /// id, sizes log-normally spread (median 128 KB, a tail into tens of MB, as deployment packages are), and random
    /// content because .nupkg files are zip archives that compress no further.
    /// </summary>
    internal static class FeedGenerator
    {
        private const long MinSize = 3 * 1024;
        private const long MaxSize = 64L * 1024 * 1024;
        private const double MedianSize = 128 * 1024;
        private const double Spread = 1.75;
        private const int VersionsPerPackage = 15;

        public static int Run(string[] args)
        {
            var root = args[0];
            var minFiles = BenchArguments.Number(args, "--min-files", 3000);
            var minBytes = BenchArguments.Number(args, "--min-mb", 1600) * 1024 * 1024;
            var random = new Random((int)BenchArguments.Number(args, "--seed", 2600));
            var buffer = new byte[1 << 20];
            var baseTime = new DateTime(2014, 6, 1, 0, 0, 0, DateTimeKind.Utc);
            long files = 0, bytes = 0, largest = 0, smallest = long.MaxValue;
            while (files < minFiles || bytes < minBytes)
            {
                var id = $"Acme.Service{files / VersionsPerPackage:D4}";
                var version = $"2.{files % VersionsPerPackage}.{random.Next(1, 400)}";
                var folder = Path.Combine(root, id);
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, $"{id}.{version}.nupkg");
                var size = NextSize(random);
                using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0))
                {
                    for (var left = size; left > 0; left -= buffer.Length)
                    {
                        var chunk = (int)Math.Min(left, buffer.Length);
                        random.NextBytes(buffer.AsSpan(0, chunk));
                        stream.Write(buffer, 0, chunk);
                    }
                }

                File.SetLastWriteTimeUtc(path, baseTime.AddMinutes(files * 37));
                files++;
                bytes += size;
                largest = Math.Max(largest, size);
                smallest = Math.Min(smallest, size);
            }

            Console.Error.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "generated {0} packages, {1:F0} MB, sizes {2:F1} KB to {3:F1} MB",
                files,
                bytes / 1048576.0,
                smallest / 1024.0,
                largest / 1048576.0));
            return 0;
        }

        private static long NextSize(Random random)
        {
            // Box-Muller: one standard normal sample from two uniform ones.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return Math.Clamp((long)(MedianSize * Math.Exp(Spread * normal)), MinSize, MaxSize);
        }
    }
}
