using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using OctopusUpgrade.Engine.Api;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// The id and version inside a .nupkg (its root <c>.nuspec</c>), which is what the server indexes: a file name can
    /// be renamed, and an id may itself end in digits, so the name cannot tell them apart.
    /// </summary>
    public static class PackageManifest
    {
        /// <summary>The package's identity, or null when the file is not a package the server could index.</summary>
        public static OctopusPackage? Read(string nupkgPath)
        {
            try
            {
                using var zip = ZipFile.OpenRead(nupkgPath);
                var entry = zip.Entries.FirstOrDefault(e => e.FullName.IndexOf('/') < 0 && e.Name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
                if (entry is null)
                {
                    return null;
                }

                using var stream = entry.Open();
                var metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
                var id = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "id")?.Value.Trim();
                var version = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "version")?.Value.Trim();
                return string.IsNullOrEmpty(id) || string.IsNullOrEmpty(version) ? null : new OctopusPackage(id!, version!);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or XmlException)
            {
                return null;
            }
        }
    }
}
