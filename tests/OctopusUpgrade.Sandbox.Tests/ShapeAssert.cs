using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Compares sandbox documents with recorded ones: property names, value formats, enum values and link templates.</summary>
    internal static partial class ShapeAssert
    {
        // Enum-typed properties of the recorded server API descriptions (2018.3 and 2020.5), name to allowed values; an
        // array property's item enum is under "Name[]".
        private static readonly Lazy<Dictionary<string, HashSet<string>>> Enums = new(LoadEnums);

        public static JsonNode Fixture(string name) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)).TrimStart('\uFEFF'))!;

        /// <summary>
        /// Every property path the recorded document has, the sandbox's has too (recursively; arrays item by item), and in
        /// the same format: at each path the sandbox's values are of formats the recording shows there (a null says
        /// nothing), a value of an enum the recording uses is one of that enum's values, and each recorded link is the
        /// same template (path shape and parameters). <paramref name="exact"/> also forbids extra properties.
        /// </summary>
        public static void Covers(JsonNode recorded, JsonNode actual, bool exact = false)
        {
            var expected = Values(recorded, "").ToLookup(v => v.Path, v => v.Value);
            var got = Values(actual, "").ToLookup(v => v.Path, v => v.Value);
            var mismatches = expected.Select(p => p.Key).Except(got.Select(p => p.Key)).Order().Select(path => path + ": missing")
                .Concat(exact ? got.Select(p => p.Key).Except(expected.Select(p => p.Key)).Order().Select(path => path + ": not recorded") : [])
                .Concat(expected.Where(p => got.Contains(p.Key)).SelectMany(p => Mismatches(p.Key, p.ToList(), got[p.Key].ToList())))
                .ToList();
            Assert.True(mismatches.Count == 0, "Not as recorded:" + Environment.NewLine + string.Join(Environment.NewLine, mismatches));
        }

        /// <summary>The format of a value as a client reads it: its JSON kind, and for strings an ISO time, a version of N parts, or text.</summary>
        public static string Format(JsonNode? value) => value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => "null",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.String => StringFormat(value.GetValue<string>()),
            var kind => kind.ToString()!.ToLowerInvariant(),
        };

        /// <summary>
        /// A link template's shape: its template expressions in place and in order, with document ids (<c>Spaces-1</c>) and
        /// query values (<c>take=30</c>) as placeholders, since those are data, not shape.
        /// </summary>
        public static string LinkShape(string template) => QueryValue().Replace(DocumentId().Replace(template, "<id>"), "=<value>");

        private static IEnumerable<string> Mismatches(string path, List<JsonNode?> recorded, List<JsonNode?> actual)
        {
            var recordedFormats = recorded.Select(Format).Where(f => f != "null").ToHashSet();
            if (recordedFormats.Count == 0)
            {
                yield break;
            }

            var isLink = path.Contains("/Links/", StringComparison.Ordinal);
            foreach (var value in actual.Where(v => Format(v) != "null"))
            {
                var format = Format(value);
                if (!recordedFormats.Contains(format))
                {
                    yield return $"{path}: {format} ({value!.ToJsonString()}), recorded as {string.Join(" or ", recordedFormats.Order())}";
                }
                else if (isLink && format == "text")
                {
                    var shapes = recorded.Where(r => r is not null).Select(r => LinkShape(r!.GetValue<string>())).ToHashSet();
                    var shape = LinkShape(value!.GetValue<string>());
                    if (!shapes.Contains(shape))
                    {
                        yield return $"{path}: link {shape}, recorded as {string.Join(" or ", shapes)}";
                    }
                }
                else if (format == "text" && EnumOf(path, recorded) is { } allowed && !allowed.Contains(value!.GetValue<string>()))
                {
                    yield return $"{path}: {value.ToJsonString()} is none of the API's values ({string.Join(", ", allowed.Order())})";
                }
            }
        }

        // The enum a path holds, when its property is enum-typed in the API description and the recording's values are in it.
        private static HashSet<string>? EnumOf(string path, List<JsonNode?> recorded)
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            return Enums.Value.TryGetValue(name, out var allowed) && recorded.Where(r => r is not null).All(r => allowed.Contains(r!.GetValue<string>()))
                ? allowed
                : null;
        }

        private static string StringFormat(string text) =>
            IsoTime().IsMatch(text) ? "ISO time"
            : VersionText().Match(text) is { Success: true } version ? "version of " + (version.Groups["part"].Captures.Count + 1) + " parts"
            : "text";

        // Every path with its values: arrays item by item under "[]"; an object or array is a path without a value format.
        private static IEnumerable<(string Path, JsonNode? Value)> Values(JsonNode? node, string path)
        {
            var children = node switch
            {
                JsonObject obj => obj.Select(p => (Path: path + "/" + p.Key, Node: p.Value)),
                JsonArray array => array.Select(item => (Path: path + "[]", Node: item)),
                _ => [],
            };
            foreach (var (childPath, child) in children)
            {
                var isContainer = child is JsonObject or JsonArray;
                if (node is JsonObject || !isContainer)
                {
                    yield return (childPath, isContainer ? null : child);
                }

                foreach (var inner in isContainer ? Values(child, childPath) : [])
                {
                    yield return inner;
                }
            }
        }

        private static Dictionary<string, HashSet<string>> LoadEnums()
        {
            var enums = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var file in new[] { "octopus-server-swagger_2018.3.6_go-octopusdeploy.json", "octopus-server-swagger_2020.5.0-rc.4_go-octopusdeploy.json" })
            {
                foreach (var definition in Fixture(file)["definitions"]!.AsObject().Select(d => d.Value!["properties"]).OfType<JsonObject>())
                {
                    foreach (var (name, property) in definition)
                    {
                        var (key, values) = property!["enum"] is JsonArray own ? (name, own) : (name + "[]", property["items"]?["enum"] as JsonArray);
                        if (values is not null)
                        {
                            var set = enums.TryGetValue(key, out var known) ? known : enums[key] = new HashSet<string>(StringComparer.Ordinal);
                            set.UnionWith(values.Select(v => v!.GetValue<string>()));
                        }
                    }
                }
            }

            return enums;
        }

        [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
        private static partial Regex IsoTime();

        // Three- or four-part versions, with an optional pre-release or build suffix (3.3.0-beta0002, 2018.3.6+Branch…).
        [GeneratedRegex(@"^\d+(\.(?<part>\d+)){2,3}([-+][0-9A-Za-z.+-]+)?$")]
        private static partial Regex VersionText();

        // Spaces-1, Machines-12, ServerTasks-620: a document id as a path segment or a query value.
        [GeneratedRegex(@"(?<=[/=])[A-Za-z]+-\d+(?=$|[/&{?])")]
        private static partial Regex DocumentId();

        // The value of a query parameter in a concrete link (?skip=0&take=30).
        [GeneratedRegex(@"=[^&{}]*")]
        private static partial Regex QueryValue();
    }
}
