using System;
using System.Globalization;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The server's Windows culture and time zone, which shape the display strings beside the ISO times: a task's
    /// <c>Completed</c> and a 2.x machine's <c>StatusSummary</c>. Recorded: "Saturday, July 18, 2015 8:32 AM" (en-US, for a
    /// <c>CompletedTime</c> of 22:32 UTC, so UTC+10) and "09 April 2015 08:42" (an en-GB server). The patterns are Windows'
    /// (NLS) full date and short time, not ICU's, which differ for en-GB.
    /// </summary>
    public sealed class ServerCulture
    {
        /// <summary>Culture name, for month and day names.</summary>
        public string Name { get; set; } = "en-US";

        /// <summary>.NET pattern of the full date and short time on that Windows culture.</summary>
        public string DateTimePattern { get; set; } = "dddd, MMMM d, yyyy h:mm tt";

        /// <summary>The server's offset from UTC, which the display strings use (the ISO fields keep their own offset).</summary>
        public TimeSpan UtcOffset { get; set; }

        /// <summary>A US English server in UTC+10, as the recorded 2.6.5 server was.</summary>
        public static ServerCulture EnglishUnitedStates => new() { UtcOffset = TimeSpan.FromHours(10) };

        /// <summary>A British English server in UTC.</summary>
        public static ServerCulture EnglishUnitedKingdom => new() { Name = "en-GB", DateTimePattern = "dd MMMM yyyy HH:mm" };

        /// <summary>A time as this server displays it.</summary>
        public string Display(DateTimeOffset at) =>
            at.ToOffset(UtcOffset).ToString(DateTimePattern, CultureInfo.GetCultureInfo(Name));
    }
}
