using System;
using System.Globalization;

namespace OctopusUpgrade.Bench
{
    /// <summary>Reads <c>--name value</c> options after the positional arguments.</summary>
    internal static class BenchArguments
    {
        public static string Option(string[] args, string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        public static long Number(string[] args, string name, long fallback) =>
            long.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    }
}
