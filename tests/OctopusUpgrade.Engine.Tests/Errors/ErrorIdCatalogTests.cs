using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Errors
{
    /// <summary>
    /// The one error-id convention: every id is a constant in a <c>&lt;Feature&gt;ErrorIds</c> catalog, unique, carrying
    /// its catalog's prefix, and documented in about_OctopusUpgrade; no error is raised with an id written inline.
    /// </summary>
    public sealed class ErrorIdCatalogTests
    {
        public static TheoryData<string, string, string> Ids()
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (catalog, prefix, id) in CatalogIds())
            {
                data.Add(catalog, prefix, id);
            }

            return data;
        }

        [Fact]
        public void Every_feature_with_errors_has_a_catalog_and_every_id_is_unique()
        {
            var ids = CatalogIds().Select(c => c.Id).ToList();

            Assert.True(CatalogIds().Select(c => c.Catalog).Distinct().Count() >= 12, "catalogs were not found by reflection");
            Assert.Empty(ids.GroupBy(id => id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.Empty(ErrorIdAliases.All.Values.Intersect(ids, StringComparer.OrdinalIgnoreCase));
            Assert.All(ErrorIdAliases.All.Keys, current => Assert.Contains(current, ids));
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void An_id_carries_its_features_prefix_and_is_documented(string catalog, string prefix, string id)
        {
            Assert.True(id.StartsWith(prefix, StringComparison.Ordinal), $"{catalog}: '{id}' does not start with '{prefix}'");
            Assert.Matches(new Regex(@"\b" + id + @"\b"), AboutHelp);
        }

        [Fact]
        public void A_previous_id_is_documented_beside_the_id_it_became()
        {
            foreach (var (current, previous) in ErrorIdAliases.All)
            {
                Assert.Matches(new Regex(@"\b" + previous + @"\b"), AboutHelp);
                Assert.Equal(previous, ErrorIdAliases.Of(current));
            }
        }

        [Fact]
        public void No_error_is_raised_with_an_id_written_inline()
        {
            var inline = new Regex(@"OctopusUpgradeException\(\s*""");
            var offenders = Directory.GetFiles(RepositoryFolder.Combine("src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Where(f => inline.IsMatch(File.ReadAllText(f)))
                .Select(f => Path.GetRelativePath(RepositoryFolder.Root, f));
            Assert.Empty(offenders);
        }

        private static string AboutHelp => File.ReadAllText(RepositoryFolder.Combine("docs", "about_OctopusUpgrade.help.txt"));

        private static IEnumerable<(string Catalog, string Prefix, string Id)> CatalogIds() =>
            typeof(OctopusUpgradeException).Assembly.GetTypes()
                .Where(t => t.IsPublic && t.IsAbstract && t.IsSealed && t.Name.EndsWith("ErrorIds", StringComparison.Ordinal))
                .SelectMany(t =>
                {
                    var constants = t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).ToList();
                    var prefix = (string)constants.Single(f => f.Name == "Prefix").GetRawConstantValue()!;
                    return constants.Where(f => f.Name != "Prefix").Select(f => (t.Name, prefix, (string)f.GetRawConstantValue()!));
                });
    }
}
