using System;
using System.IO;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>The repository the tests run from: the folder holding OctopusUpgrade.sln above the test binaries.</summary>
    internal static class RepositoryFolder
    {
        public static string Root { get; } = Locate();

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string Locate()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OctopusUpgrade.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException($"No OctopusUpgrade.sln above {AppContext.BaseDirectory}.");
        }
    }
}
