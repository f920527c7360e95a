using System;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Hydra's <c>--servers</c> value as it rewrites a polling Tentacle's server address (SC:using-hydra, LIB): empty keeps it;
    /// a single address replaces every polling address; <c>old=&gt;new</c> pairs separated by <c>,</c> or <c>;</c> replace an
    /// address equal to <c>old</c> (the template insists on the trailing <c>/</c>, so a pair without it matches nothing).
    /// </summary>
    internal static class ServerMapping
    {
        public static string Apply(string mapping, string current)
        {
            var clean = mapping.Replace(" ", "", StringComparison.Ordinal);
            if (clean.Length == 0)
            {
                return current;
            }

            if (!clean.Contains("=>", StringComparison.Ordinal))
            {
                return clean;
            }

            var pairs = clean.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split("=>", 2))
                .Where(p => p.Length == 2);
            return pairs.FirstOrDefault(p => string.Equals(p[0], current, StringComparison.OrdinalIgnoreCase)) is { } match ? match[1] : current;
        }
    }
}
