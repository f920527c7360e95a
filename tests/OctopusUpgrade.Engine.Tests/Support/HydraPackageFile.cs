using System.IO;
using System.IO.Compression;
using System.Text;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>Writes a stand-in NuGet package (a zip with a root .nuspec) such as the Hydra package, into a test's folder.</summary>
    internal static class HydraPackageFile
    {
        public const string Version = "3.0.10.268";

        public static string Write(TempFolder folder, string id = "OctopusDeploy.Hydra", string version = Version)
        {
            var path = folder.Combine(id + "." + version + ".nupkg");
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using (var writer = new StreamWriter(zip.CreateEntry(id + ".nuspec").Open(), new UTF8Encoding(false)))
            {
                writer.Write($"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2010/07/nuspec.xsd\"><metadata><id>{id}</id><version>{version}</version><authors>Octopus Deploy</authors><description>Hydra stand-in.</description></metadata></package>");
            }

            using (var writer = new StreamWriter(zip.CreateEntry("Hydra.exe").Open()))
            {
                writer.Write("stand-in");
            }

            return path;
        }
    }
}
