using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Server
{
    /// <summary>
    /// Reads what <c>Octopus.Server.exe</c> prints in its JSON formats. Real servers print log lines before the JSON (a
    /// "Migrating … from registry" notice, an NLog exception stack: facts §10), so the JSON is read from the first line
    /// that starts with <c>{</c> (or <c>[</c> for a list), as OctopusDSC learned to.
    /// </summary>
    public static class OctopusServerToolOutput
    {
        /// <summary>The version <c>version --format=json</c> printed (<c>InformationalVersion</c>, else <c>NuGetVersion</c>, else <c>MajorMinorPatch</c>).</summary>
        /// <exception cref="OctopusUpgradeException"><c>OctopusToolUnreadableOutput</c>.</exception>
        public static OctopusVersion ParseVersion(string output)
        {
            var json = Json(output, '{', "version --format=json");
            var text = new[] { "InformationalVersion", "NuGetVersion", "MajorMinorPatch" }
                .Select(name => json[name]?.Type == JTokenType.String ? (string?)json[name] : null)
                .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
            return OctopusVersion.TryParse(text, out var version) && version is not null
                ? version
                : throw Unreadable("version --format=json", "no version in InformationalVersion, NuGetVersion or MajorMinorPatch");
        }

        /// <summary>The instance names <c>list-instances --format=json</c> printed (each item's <c>InstanceName</c>).</summary>
        /// <exception cref="OctopusUpgradeException"><c>OctopusToolUnreadableOutput</c>.</exception>
        public static IReadOnlyList<string> ParseInstances(string output)
        {
            var json = Json(output, '[', "list-instances --format=json");
            if (json is not JArray items)
            {
                throw Unreadable("list-instances --format=json", "not a list");
            }

            return items.Select(item => item is JObject o && o["InstanceName"]?.Type == JTokenType.String ? (string)o["InstanceName"]! : throw Unreadable("list-instances --format=json", "an item without an InstanceName"))
                .ToArray();
        }

        /// <summary>The settings <c>show-configuration --format=json</c> (or json-hierarchical) printed.</summary>
        /// <exception cref="OctopusUpgradeException"><c>OctopusToolUnreadableOutput</c>.</exception>
        public static OctopusServerConfiguration ParseConfiguration(string output)
        {
            if (Json(output, '{', "show-configuration --format=json") is not JObject json)
            {
                throw Unreadable("show-configuration --format=json", "not an object");
            }

            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var leaf in json.Descendants().OfType<JValue>())
            {
                settings[Key(leaf)] = leaf.Type switch
                {
                    JTokenType.Null => null,
                    JTokenType.Boolean => (bool)leaf ? "True" : "False",
                    JTokenType.Date => ((DateTime)leaf).ToString("O", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(leaf.Value, CultureInfo.InvariantCulture),
                };
            }

            return new OctopusServerConfiguration(settings);
        }

        // A flat key ("Octopus.Home") is one property; a hierarchical one is the path of property names.
        private static string Key(JToken leaf) =>
            string.Join(".", leaf.AncestorsAndSelf().OfType<JProperty>().Reverse().Select(p => p.Name));

        private static JToken Json(string output, char opening, string command)
        {
            var lines = (output ?? string.Empty).Replace("\r\n", "\n").Split('\n');
            var start = Array.FindIndex(lines, line => line.TrimStart().StartsWith(opening.ToString(), StringComparison.Ordinal));
            if (start < 0)
            {
                throw Unreadable(command, $"no line starts with '{opening}'");
            }

            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(string.Join("\n", lines.Skip(start)))) { DateParseHandling = DateParseHandling.None };
                return JToken.ReadFrom(reader);
            }
            catch (JsonException e)
            {
                throw Unreadable(command, e.Message);
            }
        }

        // The output itself is not quoted: show-configuration prints the connection string with its password.
        private static OctopusUpgradeException Unreadable(string command, string why) =>
            new(
                OctopusToolErrorIds.UnreadableOutput,
                FailureCategory.InvalidData,
                $"What 'Octopus.Server.exe {command}' printed could not be read ({why}). Run the command by hand to see what it prints.",
                command);
    }
}
