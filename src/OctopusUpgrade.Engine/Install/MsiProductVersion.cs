using System;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// Reads an MSI's ProductVersion before anything is stopped. Only the sandbox's MSI format is read: a JSON file
    /// <c>{"ProductName": …, "ProductVersion": …}</c> standing for the package's Property table. A real Windows Installer
    /// package (an OLE compound file) would be read here through msi.dll (<c>MsiOpenPackageEx</c>,
    /// <c>MsiGetProductProperty</c>) on Windows; that seam is not built, so such a package is refused with
    /// <c>InstallMsiUnreadable</c> before anything changes.
    /// </summary>
    public static class MsiProductVersion
    {
        /// <exception cref="OctopusUpgradeException"><c>InstallMsiNotFound</c> or <c>InstallMsiUnreadable</c>.</exception>
        public static OctopusVersion Read(string msiPath)
        {
            if (!File.Exists(msiPath))
            {
                throw new OctopusUpgradeException(
                    InstallErrorIds.MsiNotFound,
                    FailureCategory.ObjectNotFound,
                    $"The MSI '{msiPath}' does not exist. Download the Octopus Server MSI and pass its path to -MsiPath; nothing was stopped.",
                    msiPath);
            }

            string? text;
            try
            {
                var json = JToken.Parse(File.ReadAllText(msiPath)) as JObject;
                text = json?["ProductVersion"]?.Type == JTokenType.String ? (string?)json["ProductVersion"] : null;
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                text = null;
            }

            return OctopusVersion.TryParse(text, out var version) && version is not null
                ? version
                : throw new OctopusUpgradeException(
                    InstallErrorIds.MsiUnreadable,
                    FailureCategory.InvalidData,
                    $"The ProductVersion of '{msiPath}' could not be read: only the sandbox's MSI format is read yet (reading a Windows Installer package through msi.dll is not built). Nothing was stopped.",
                    msiPath);
        }
    }
}
