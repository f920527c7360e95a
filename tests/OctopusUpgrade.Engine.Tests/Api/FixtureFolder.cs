using System.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>Finds <c>shared/fixtures/octopus</c> beside the repository: walks up to the folder holding OctopusUpgrade.sln, then ../shared.</summary>
    internal static class FixtureFolder
    {
        public static string Octopus { get; } = Locate();

        public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Octopus, relativePath));

        private static string Locate()
        {
            var folder = Path.Combine(Path.GetDirectoryName(RepositoryFolder.Root)!, "shared", "fixtures", "octopus");
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"The recorded Octopus documents are missing: expected {folder}.");
            }

            return folder;
        }
    }
}
