using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>
    /// Expands Octopus link templates (RFC 6570, e.g. <c>/api/Spaces-1/machines{/id}{?skip,take,ids}</c>) with the
    /// Std.UriTemplate library. Refuses a variable the template does not declare: silently dropping a filter such as
    /// <c>states</c> on an older server would turn "active tasks" into "all tasks".
    /// </summary>
    internal static class LinkTemplate
    {
        // An expression is {op?var[:n|*],...}; only the names matter here, expansion itself is the library's.
        private static readonly Regex Expression = new(@"\{[+#./;?&]?([^}]*)\}", RegexOptions.CultureInvariant);

        public static IReadOnlyCollection<string> Variables(string template) =>
            Expression.Matches(template)
                .Cast<Match>()
                .SelectMany(match => match.Groups[1].Value.Split(','))
                .Select(spec => spec.Split(':')[0].TrimEnd('*'))
                .Where(name => name.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList();

        public static bool Accepts(string template, string variable) => Variables(template).Contains(variable, StringComparer.Ordinal);

        public static string Expand(string template, IReadOnlyDictionary<string, object> variables)
        {
            var declared = Variables(template);
            var unknown = variables.Keys.Where(name => !declared.Contains(name, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException(
                    $"The link template '{template}' does not accept {string.Join(", ", unknown)}.", nameof(variables));
            }

            return Std.UriTemplate.Expand(template, variables);
        }
    }
}
