using System;
using System.IO;
using System.Linq;
using System.Text;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// Finds the part of a verbose MSI log (<c>/l*v</c>) that explains a failure: the lines before the first
    /// "Return value 3." (the action that failed, and the error it logged), else the log's last lines.
    /// </summary>
    public static class MsiLog
    {
        private const string FailedActionMarker = "Return value 3.";
        private const int LinesBefore = 12;
        private const int LastLines = 15;

        /// <summary>The relevant lines of the log file, or null when it cannot be read. Verbose logs are often UTF-16: the byte order mark decides.</summary>
        public static string? RelevantTail(string logPath)
        {
            try
            {
                using var reader = new StreamReader(logPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                return Relevant(reader.ReadToEnd());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>The relevant lines of a log's text, joined with " | ".</summary>
        public static string Relevant(string logText)
        {
            var lines = (logText ?? string.Empty).Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
            var failed = Array.FindIndex(lines, l => l.Contains(FailedActionMarker));
            var start = failed >= 0 ? Math.Max(0, failed - LinesBefore) : Math.Max(0, lines.Length - LastLines);
            var end = failed >= 0 ? failed + 1 : lines.Length;
            return string.Join(" | ", lines.Skip(start).Take(end - start));
        }
    }
}
