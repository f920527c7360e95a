using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace OctopusUpgrade.Module.Tests.Contract
{
    /// <summary>Where a built module's files are, found from the test assembly's folder.</summary>
    public sealed record ModuleUnderTest(string AssemblyPath, string ManifestPath, string DocsFolder, IReadOnlyList<string> DependencyFolders)
    {
        public static string RepositoryRoot
        {
            get
            {
                var folder = new DirectoryInfo(AppContext.BaseDirectory);
                while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "OctopusUpgrade.sln")))
                {
                    folder = folder.Parent;
                }

                return folder?.FullName ?? throw new InvalidOperationException("The tests are not inside the repository: OctopusUpgrade.sln was not found above " + AppContext.BaseDirectory);
            }
        }

        public static string Configuration =>
            typeof(ModuleUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

        public static string LayoutFolder => Path.Combine(RepositoryRoot, "out", "OctopusUpgrade");

        /// <summary>The laid-out module's Windows PowerShell 5.1 build.</summary>
        public static ModuleUnderTest Desktop => Laid("desktop");

        /// <summary>The laid-out module's PowerShell 7 build.</summary>
        public static ModuleUnderTest Core => Laid("core");

        /// <summary>The deliberately broken module, with its broken manifest and docs.</summary>
        public static ModuleUnderTest Bad
        {
            get
            {
                var files = Path.Combine(AppContext.BaseDirectory, "Contract", "BadModuleFiles");
                var build = Path.Combine(RepositoryRoot, "tests", "OctopusUpgrade.Module.Tests.BadModule", "bin", Configuration, "net8.0");
                return new ModuleUnderTest(Path.Combine(build, "BadModule.dll"), Path.Combine(files, "BadModule.psd1"), Path.Combine(files, "docs"), new[] { build });
            }
        }

        private static ModuleUnderTest Laid(string edition)
        {
            var folder = Path.Combine(LayoutFolder, edition);
            var dependencies = Path.Combine(folder, "dependencies");
            return new ModuleUnderTest(
                Path.Combine(folder, "OctopusUpgrade.dll"),
                Path.Combine(LayoutFolder, "OctopusUpgrade.psd1"),
                Path.Combine(RepositoryRoot, "docs", "OctopusUpgrade"),
                Directory.Exists(dependencies) ? new[] { folder, dependencies } : new[] { folder });
        }
    }
}
