using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using OctopusUpgrade.Module.Tests.Contract;

namespace OctopusUpgrade.Module.Tests.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 cannot run here, so desktop/ is checked by metadata: every assembly that any file in
    /// it references must either be shipped in desktop/ or be part of .NET Framework 4.7.2 itself.
    /// </summary>
    public sealed class DesktopLayoutTests
    {
        private static readonly string DesktopFolder = Path.Combine(ModuleUnderTest.LayoutFolder, "desktop");

        /// <summary>PowerShell 5.1 provides this one itself.</summary>
        private const string Automation = "System.Management.Automation";

        [Fact]
        public void Every_reference_of_the_desktop_build_is_shipped_or_in_the_framework()
        {
            var framework = FrameworkAssemblyNames();
            var shipped = Directory.GetFiles(DesktopFolder, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var missing = new List<string>();
            foreach (var file in Directory.GetFiles(DesktopFolder, "*.dll"))
            {
                foreach (var reference in AssemblyName.GetAssemblyName(file).Name is null ? Array.Empty<AssemblyName>() : ReferencesOf(file))
                {
                    if (!shipped.Contains(reference.Name!) && !framework.Contains(reference.Name!) && reference.Name != Automation)
                    {
                        missing.Add($"{Path.GetFileName(file)} needs {reference.FullName}");
                    }
                }
            }

            Assert.True(missing.Count == 0, string.Join("\n", missing));
            Assert.Contains("Std.UriTemplate", shipped);
        }

        [Fact]
        public void The_desktop_build_ships_no_powershell_assembly()
        {
            Assert.False(File.Exists(Path.Combine(DesktopFolder, Automation + ".dll")));
            Assert.False(File.Exists(Path.Combine(ModuleUnderTest.LayoutFolder, "core", Automation + ".dll")));
            Assert.False(File.Exists(Path.Combine(ModuleUnderTest.LayoutFolder, "core", "dependencies", Automation + ".dll")));
        }

        private static AssemblyName[] ReferencesOf(string file)
        {
            using var stream = File.OpenRead(file);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
            return metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h).GetAssemblyName()).ToArray();
        }

        /// <summary>The names in the .NET Framework 4.7.2 reference assemblies the build itself compiled against.</summary>
        private static HashSet<string> FrameworkAssemblyNames()
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var root = Directory.GetDirectories(Path.Combine(packages, "microsoft.netframework.referenceassemblies.net472"))
                .Select(v => Path.Combine(v, "build", ".NETFramework", "v4.7.2"))
                .First(Directory.Exists);
            return Directory.GetFiles(root, "*.dll", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase)!;
        }
    }
}
