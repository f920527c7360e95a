using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using OctopusUpgrade.Module.Tests.Contract;

namespace OctopusUpgrade.Module.Tests.Dependencies
{
    /// <summary>
    /// The package source carries no advisory data, so `dotnet list package --vulnerable` reports nothing whatever is
    /// resolved. These tests hold every project's resolved graph against the advisories kept in the repository.
    /// </summary>
    public sealed class PackageAdvisoryTests
    {
        [Fact]
        public void No_project_in_the_solution_resolves_a_package_version_with_a_known_advisory()
        {
            var advisories = PackageAdvisory.Load(PackageAdvisory.FilePath);
            var projects = Regex.Matches(File.ReadAllText(Path.Combine(ModuleUnderTest.RepositoryRoot, "OctopusUpgrade.sln")), "\"([^\"]+\\.csproj)\"")
                .Select(m => Path.Combine(ModuleUnderTest.RepositoryRoot, Path.GetDirectoryName(m.Groups[1].Value.Replace('\\', '/'))!))
                .ToList();
            Assert.Contains(projects, p => p.EndsWith(Path.Combine("src", "OctopusUpgrade.Engine"), StringComparison.Ordinal));

            var findings = projects
                .Select(project => Path.Combine(project, "obj", "project.assets.json"))
                .SelectMany(assets =>
                {
                    Assert.True(File.Exists(assets), $"{assets} is missing: restore the solution before testing.");
                    return PackageAdvisory.FindIn(assets, advisories).Select(finding => $"{assets}: {finding}");
                })
                .ToList();

            Assert.True(findings.Count == 0, "Resolved packages with known advisories (pin a fixed version in Directory.Packages.props):\n" + string.Join("\n", findings));
        }

        [Fact]
        public void The_check_finds_each_seeded_advisory_in_the_graph_the_module_used_to_ship()
        {
            var advisories = PackageAdvisory.Load(PackageAdvisory.FilePath);
            var findings = PackageAdvisory.FindIn(Path.Combine(AppContext.BaseDirectory, "Dependencies", "VulnerableGraph", "project.assets.json"), advisories);

            Assert.Equal(
                new[]
                {
                    "Microsoft.Data.SqlClient 2.1.4 CVE-2024-0056",
                    "Microsoft.Identity.Client 4.21.1 CVE-2024-35255",
                    "Microsoft.IdentityModel.JsonWebTokens 6.8.0 CVE-2024-21319",
                    "System.Drawing.Common 4.7.0 CVE-2021-24112",
                    "System.IdentityModel.Tokens.Jwt 6.8.0 CVE-2024-21319",
                },
                findings);
        }

        [Theory]
        [InlineData("Microsoft.Data.SqlClient", "2.1.6", true)]
        [InlineData("Microsoft.Data.SqlClient", "2.1.7", false)]
        [InlineData("Microsoft.Data.SqlClient", "5.1.2", true)]
        [InlineData("Microsoft.Data.SqlClient", "5.1.3", false)]
        [InlineData("Microsoft.Identity.Client", "4.61.0", true)]
        [InlineData("Microsoft.Identity.Client", "4.61.3", false)]
        [InlineData("Microsoft.IdentityModel.JsonWebTokens", "7.1.1", true)]
        [InlineData("Microsoft.IdentityModel.JsonWebTokens", "8.16.0", false)]
        [InlineData("System.Drawing.Common", "5.0.2", true)]
        [InlineData("System.Drawing.Common", "4.7.2", false)]
        public void Affected_ranges_include_their_lower_bound_and_exclude_the_fixed_version(string package, string version, bool affected)
        {
            var advisories = PackageAdvisory.Load(PackageAdvisory.FilePath);
            Assert.Equal(affected, advisories.Any(a => a.Package == package && a.Affected.Satisfies(NuGet.Versioning.NuGetVersion.Parse(version))));
        }
    }
}
