using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OctopusUpgrade.Engine.Server
{
    /// <summary>
    /// Joins arguments into one Windows command line that the C runtime (CommandLineToArgvW rules) splits back into
    /// exactly those arguments. Only net472 needs it: it has no <c>ProcessStartInfo.ArgumentList</c>.
    /// </summary>
    internal static class WindowsCommandLine
    {
        public static string Join(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(Quote));

        internal static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                return argument;
            }

            var quoted = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                // Backslashes are literal unless they precede a quote; then each must be doubled and the quote escaped.
                quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
                backslashes = 0;
            }

            // Backslashes before the closing quote would escape it: double them.
            return quoted.Append('\\', backslashes * 2).Append('"').ToString();
        }
    }
}
