using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NuGet.Versioning;

namespace OctopusUpgrade.Module.Tests.Dependencies
{
    /// <summary>One affected range of one advisory, as a line of build/package-advisories.tsv.</summary>
    public sealed record PackageAdvisory(string Package, VersionRange Affected, string Id)
    {
        public static string FilePath => Path.Combine(Contract.ModuleUnderTest.RepositoryRoot, "build", "package-advisories.tsv");

        public static IReadOnlyList<PackageAdvisory> Load(string path) =>
            File.ReadAllLines(path)
                .Where(line => line.Trim().Length > 0 && !line.StartsWith('#'))
                .Select(line => line.Split('\t'))
                .Select(fields => fields.Length == 3
                    ? new PackageAdvisory(fields[0], VersionRange.Parse(fields[1]), fields[2])
                    : throw new FormatException($"{path}: '{string.Join("\t", fields)}' is not 'package<TAB>range<TAB>advisory'."))
                .ToList();

        /// <summary>Every resolved package (any target framework or runtime) in an assets file that an advisory covers, as "package version advisory".</summary>
        public static IReadOnlyList<string> FindIn(string assetsPath, IReadOnlyList<PackageAdvisory> advisories)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(assetsPath));
            var findings = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (library.Value.GetProperty("type").GetString() != "package")
                    {
                        continue;
                    }

                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    var name = library.Name[..slash];
                    var version = NuGetVersion.Parse(library.Name[(slash + 1)..]);
                    foreach (var advisory in advisories.Where(a => string.Equals(a.Package, name, StringComparison.OrdinalIgnoreCase) && a.Affected.Satisfies(version)))
                    {
                        findings.Add($"{name} {version} {advisory.Id}");
                    }
                }
            }

            return findings.ToList();
        }
    }
}
