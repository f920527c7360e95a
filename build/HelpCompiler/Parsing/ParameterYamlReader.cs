using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using OctopusUpgrade.HelpCompiler.Model;

namespace OctopusUpgrade.HelpCompiler.Parsing
{
    /// <summary>
    /// Reads the ```yaml block under a parameter. platyPS writes flat "Key: value" lines, never nested YAML, so
    /// that is all this accepts; every value Get-Help shows is checked, so a typo fails the build here rather
    /// than showing as wrong help.
    /// </summary>
    internal static class ParameterYamlReader
    {
        private const string AllSets = "(All)";

        private static readonly string[] KnownKeys =
        {
            "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters",
        };

        private static readonly Regex PipelineInput = new(@"^(False|True \((ByValue|ByPropertyName)(, (ByValue|ByPropertyName))?\))$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static ParameterMetadata Read(string file, string parameter, MarkdownBlock yaml)
        {
            var values = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
            var lines = yaml.Text.Split('\n');
            for (var index = 0; index < lines.Length; index++)
            {
                var lineNumber = yaml.Line + 1 + index;
                if (lines[index].Trim().Length == 0)
                {
                    continue;
                }

                var colon = lines[index].IndexOf(':');
                if (colon <= 0)
                {
                    throw new HelpSourceException(file, lineNumber, $"-{parameter}: expected 'Key: value' in the yaml block, found '{lines[index].Trim()}'");
                }

                var key = lines[index].Substring(0, colon).Trim();
                if (!KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    throw new HelpSourceException(file, lineNumber, $"-{parameter}: unknown yaml key '{key}'; the keys are {string.Join(", ", KnownKeys)}");
                }

                if (!values.TryAdd(key, (lines[index].Substring(colon + 1).Trim(), lineNumber)))
                {
                    throw new HelpSourceException(file, lineNumber, $"-{parameter}: yaml key '{key}' is given twice");
                }
            }

            string Value(string key) => values.TryGetValue(key, out var entry) ? entry.Value : string.Empty;

            bool Boolean(string key)
            {
                var (value, line) = values.TryGetValue(key, out var entry) ? entry : ("False", yaml.Line);
                return bool.TryParse(value, out var result)
                    ? result
                    : throw new HelpSourceException(file, line, $"-{parameter}: '{key}' must be True or False, not '{value}'");
            }

            string Checked(string key, string fallback, Func<string, bool> valid, string expected)
            {
                var (value, line) = values.TryGetValue(key, out var entry) && entry.Value.Length > 0 ? entry : (fallback, yaml.Line);
                return valid(value) ? value : throw new HelpSourceException(file, line, $"-{parameter}: '{key}' must be {expected}, not '{value}'");
            }

            var type = Value("Type");
            if (type.Length == 0)
            {
                throw new HelpSourceException(file, yaml.Line, $"-{parameter}: the yaml block has no Type");
            }

            var sets = Value("Parameter Sets");
            return new ParameterMetadata(
                Type: type.Equals("switch", StringComparison.OrdinalIgnoreCase) ? "SwitchParameter" : type,
                ParameterSets: sets.Length == 0 || sets == AllSets ? Array.Empty<string>() : List(sets),
                Aliases: List(Value("Aliases")),
                AcceptedValues: List(Value("Accepted values")),
                Required: Boolean("Required"),
                Position: Checked("Position", "Named", IsPosition, "Named or a number"),
                DefaultValue: Value("Default value") is { Length: > 0 } defaultValue ? defaultValue : "None",
                PipelineInput: Checked("Accept pipeline input", "False", PipelineInput.IsMatch, "False or True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue)"),
                AcceptsWildcards: Boolean("Accept wildcard characters"));
        }

        private static bool IsPosition(string value) =>
            value.Equals("Named", StringComparison.OrdinalIgnoreCase) || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

        private static string[] List(string value) =>
            value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
    }
}
