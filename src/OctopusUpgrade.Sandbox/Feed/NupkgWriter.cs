using System.IO;
using System.IO.Compression;
using System.Security;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Writes real <c>.nupkg</c> files: zip archives with a valid <c>.nuspec</c> and one content file.</summary>
    public static class NupkgWriter
    {
        /// <summary>Writes <c>{id}.{version}.nupkg</c> into <paramref name="folder"/> and returns its path.</summary>
        public static string Write(string folder, string id, string version)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, id + "." + version + ".nupkg");
            using var stream = File.Create(path);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
            WriteEntry(zip, id + ".nuspec", Nuspec(id, version));
            WriteEntry(zip, "content/readme.txt", id + " " + version + "\n");
            return path;
        }

        private static string Nuspec(string id, string version) =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<package xmlns=\"http://schemas.microsoft.com/packaging/2010/07/nuspec.xsd\">\n"
            + "  <metadata>\n"
            + "    <id>" + SecurityElement.Escape(id) + "</id>\n"
            + "    <version>" + SecurityElement.Escape(version) + "</version>\n"
            + "    <authors>OctopusUpgrade sandbox</authors>\n"
            + "    <description>Package " + SecurityElement.Escape(id) + " for the sandbox built-in feed.</description>\n"
            + "  </metadata>\n"
            + "</package>\n";

        private static void WriteEntry(ZipArchive zip, string name, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(text);
        }
    }
}
