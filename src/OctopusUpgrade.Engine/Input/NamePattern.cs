using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.Engine.Input
{
    /// <summary>
    /// Names with PowerShell's wildcards (<c>*</c>, <c>?</c>, <c>[a-c]</c>), matched case-insensitively as
    /// PowerShell matches them, for the engine, which has no PowerShell reference.
    /// </summary>
    public sealed class NamePattern
    {
        private readonly Regex[] _patterns;

        public NamePattern(IEnumerable<string>? patterns)
        {
            Patterns = patterns?.Where(p => !string.IsNullOrEmpty(p)).ToArray() ?? Array.Empty<string>();
            _patterns = Patterns.Select(ToRegex).ToArray();
        }

        public IReadOnlyList<string> Patterns { get; }

        /// <summary>No pattern given: everything matches.</summary>
        public bool MatchesAll => _patterns.Length == 0;

        public bool Matches(string name) => MatchesAll || _patterns.Any(p => p.IsMatch(name));

        /// <summary>The patterns that match none of <paramref name="names"/>, so a typo is reported rather than silently selecting nothing.</summary>
        public IReadOnlyList<string> Unmatched(IEnumerable<string> names)
        {
            var all = names.ToList();
            return Patterns.Where((_, i) => !all.Any(n => _patterns[i].IsMatch(n))).ToArray();
        }

        private static Regex ToRegex(string pattern)
        {
            var regex = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                switch (c)
                {
                    case '*':
                        regex.Append(".*");
                        break;
                    case '?':
                        regex.Append('.');
                        break;
                    case '`' when i + 1 < pattern.Length:
                        regex.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    case '[' when pattern.IndexOf(']', i + 1) > i + 1:
                        var end = pattern.IndexOf(']', i + 1);
                        regex.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\").Replace("^", "\\^")).Append(']');
                        i = end;
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
