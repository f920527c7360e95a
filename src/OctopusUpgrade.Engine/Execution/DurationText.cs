using System;
using System.Globalization;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>A duration as a message shows it: "45 s", "3 min 20 s", "1 h 5 min"; never "0 minutes" for 45 seconds.</summary>
    public static class DurationText
    {
        public static string Describe(TimeSpan duration)
        {
            var seconds = (long)Math.Round(Math.Max(0, duration.TotalSeconds));
            if (seconds < 60)
            {
                return Invariant($"{seconds} s");
            }

            if (seconds < 3600)
            {
                return seconds % 60 == 0 ? Invariant($"{seconds / 60} min") : Invariant($"{seconds / 60} min {seconds % 60} s");
            }

            var minutes = seconds / 60;
            return minutes % 60 == 0 ? Invariant($"{minutes / 60} h") : Invariant($"{minutes / 60} h {minutes % 60} min");
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
