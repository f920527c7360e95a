using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Compares the property names of sandbox documents with recorded ones.</summary>
    internal static class ShapeAssert
    {
        public static JsonNode Fixture(string name) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Fixtures", name)).TrimStart('\uFEFF'))!;

        /// <summary>
        /// Every property path the recorded document has, the sandbox's has too (recursively; arrays by their first item;
        /// <c>Links</c> by key set). <paramref name="exact"/> also forbids extra properties.
        /// </summary>
        public static void Covers(JsonNode recorded, JsonNode actual, bool exact = false)
        {
            var expected = Paths(recorded, "").ToHashSet();
            var got = Paths(actual, "").ToHashSet();
            Assert.Empty(expected.Except(got).Order());
            if (exact)
            {
                Assert.Empty(got.Except(expected).Order());
            }
        }

        private static IEnumerable<string> Paths(JsonNode? node, string prefix) => node switch
        {
            JsonObject obj => obj.SelectMany(p => new[] { prefix + "/" + p.Key }.Concat(Paths(p.Value, prefix + "/" + p.Key))),
            JsonArray array when array.Count > 0 => Paths(array[0], prefix + "[]"),
            _ => [],
        };
    }
}
