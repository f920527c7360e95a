using System;
using System.Globalization;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>The text formats Octopus uses for dates and durations in its JSON, as in the recorded documents.</summary>
    internal static class OctopusFormats
    {
        /// <summary>ISO-8601 with milliseconds and offset: <c>2015-07-17T22:32:25.650+00:00</c>.</summary>
        public static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        /// <summary>The long stamp in a machine's <c>StatusSummary</c>: <c>Monday, 27 May 2019 10:46:08 AM +10:00</c>.</summary>
        public static string Stamp(DateTimeOffset at) => at.ToString("dddd, d MMMM yyyy h:mm:ss tt zzz", CultureInfo.InvariantCulture);

        /// <summary>A task's <c>Duration</c> text: <c>less than a second</c>, <c>3 seconds</c>, <c>2 minutes</c>, <c>1 hour</c>.</summary>
        public static string Duration(TimeSpan span) => span.TotalSeconds < 1
            ? "less than a second"
            : span.TotalSeconds < 60
            ? Plural((int)Math.Round(span.TotalSeconds), "second")
            : span.TotalMinutes < 60 ? Plural((int)Math.Round(span.TotalMinutes), "minute") : Plural((int)Math.Round(span.TotalHours), "hour");

        private static string Plural(int count, string unit) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? "" : "s");
    }
}
