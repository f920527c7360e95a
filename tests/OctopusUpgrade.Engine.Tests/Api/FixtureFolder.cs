using System;
using System.IO;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>Finds <c>shared/fixtures/octopus</c> beside the repository: walks up to the folder holding OctopusUpgrade.sln, then ../shared.</summary>
    internal static class FixtureFolder
    {
        public static string Octopus { get; } = Locate();

        public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Octopus, relativePath));

        private static string Locate()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OctopusUpgrade.sln")))
            {
                directory = directory.Parent;
            }

            if (directory?.Parent is null)
            {
                throw new InvalidOperationException($"No OctopusUpgrade.sln above {AppContext.BaseDirectory}; cannot locate the shared fixtures.");
            }

            var folder = Path.Combine(directory.Parent.FullName, "shared", "fixtures", "octopus");
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"The recorded Octopus documents are missing: expected {folder}.");
            }

            return folder;
        }
    }
}
