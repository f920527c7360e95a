using System;
using System.IO;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The sandbox's stand-in for an Octopus Server MSI: a small JSON file, <c>{"ProductName": "Octopus Deploy Server",
    /// "ProductVersion": "2024.1.0"}</c>, standing for the two Property-table entries of a real Windows Installer package
    /// that an upgrade needs. The <c>msiexec</c> stand-in installs what it names; tests write one with <see cref="Write"/>.
    /// </summary>
    public static class SandboxMsi
    {
        /// <summary>The ProductName of the Octopus Server MSI.</summary>
        public const string OctopusServerProductName = "Octopus Deploy Server";

        /// <summary>Writes an MSI stand-in for <paramref name="version"/> at <paramref name="path"/> and returns the path.</summary>
        public static string Write(string path, string version, string productName = OctopusServerProductName)
        {
            File.WriteAllText(path, new JsonObject { ["ProductName"] = productName, ["ProductVersion"] = version }.ToJsonString());
            return path;
        }

        /// <summary>The product name and version the file names; null when it is not an MSI stand-in.</summary>
        public static (string ProductName, string ProductVersion)? Read(string path)
        {
            try
            {
                var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
                return json?["ProductName"]?.GetValue<string>() is { } name && json["ProductVersion"]?.GetValue<string>() is { } version
                    ? (name, version)
                    : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
