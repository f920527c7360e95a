using System;
using System.IO;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Packages;

namespace OctopusUpgrade.Engine.Tentacles.Hydra
{
    /// <summary>
    /// The Hydra package given with -HydraPackagePath, checked before anything is sent: a file, a NuGet package, and
    /// by its own nuspec (not its file name) <c>OctopusDeploy.Hydra</c> at some version.
    /// </summary>
    public sealed class HydraPackage
    {
        public const string PackageId = "OctopusDeploy.Hydra";

        private HydraPackage(string path, OctopusPackage identity)
        {
            Path = path;
            Identity = identity;
        }

        public string Path { get; }

        public OctopusPackage Identity { get; }

        public string Version => Identity.Version;

        /// <summary>The name it is uploaded as: its id and version, whatever the file was called.</summary>
        public string FileName => Identity.PackageId + "." + Identity.Version + ".nupkg";

        public static HydraPackage Read(string? path)
        {
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                throw new OctopusUpgradeException(
                    HydraErrorIds.PackageNotFound,
                    FailureCategory.ObjectNotFound,
                    $"The Hydra package '{path}' does not exist. Download OctopusDeploy.Hydra.<version>.nupkg from https://octopus.com/downloads/latest/Hydra and give its path with -HydraPackagePath. Nothing was changed.",
                    path);
            }

            var full = System.IO.Path.GetFullPath(path);
            var identity = PackageManifest.Read(full);
            if (identity is null || !string.Equals(identity.PackageId, PackageId, StringComparison.OrdinalIgnoreCase))
            {
                throw new OctopusUpgradeException(
                    HydraErrorIds.PackageInvalid,
                    FailureCategory.InvalidData,
                    identity is null
                        ? $"'{full}' is not a NuGet package with a .nuspec at its root, so it is not the Hydra package. Nothing was changed."
                        : $"'{full}' is the package {identity.PackageId} {identity.Version}, not {PackageId}. Nothing was changed.",
                    full);
            }

            return new HydraPackage(full, identity);
        }
    }
}
