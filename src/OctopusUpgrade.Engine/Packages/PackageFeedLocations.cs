using System.IO;
using System;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Where the built-in feed's files live on each server generation, so the copy's source and destination can
    /// default from what a session knows (home folder, server version, default space, server folders).
    /// </summary>
    public static class PackageFeedLocations
    {
        /// <summary>Spaces, and with them one feed folder per space under the packages folder, arrived in 2019.1.</summary>
        public static readonly OctopusVersion FirstVersionWithSpaces = OctopusVersion.Parse("2019.1.0");

        /// <summary>The 2.6 feed: <c>&lt;home&gt;\OctopusServer\Repository\Packages</c>.</summary>
        public static string LegacySource(string homePath)
        {
            RequirePath(homePath, nameof(homePath));
            return Path.Combine(homePath, "OctopusServer", "Repository", "Packages");
        }

        /// <summary>
        /// The feed folder of a 3.x-or-later server: the server's packages folder (from
        /// <c>/api/configuration/server-folders/values</c> when known, else <c>&lt;home&gt;\Packages</c>), and from
        /// 2019.1 the subfolder of the space the packages belong to.
        /// </summary>
        /// <param name="homePath">The server's home folder.</param>
        /// <param name="serverVersion">The version of the server the packages go to.</param>
        /// <param name="spaceId">The space that receives the packages (the default space); required from 2019.1.</param>
        /// <param name="packagesDirectory">The server's <c>PackagesDirectory</c> folder, where the API gave it.</param>
        public static string ModernDestination(string homePath, OctopusVersion serverVersion, string? spaceId, string? packagesDirectory = null)
        {
            RequirePath(homePath, nameof(homePath));
            if (serverVersion is null)
            {
                throw new ArgumentNullException(nameof(serverVersion));
            }

            var packagesRoot = string.IsNullOrWhiteSpace(packagesDirectory) ? Path.Combine(homePath, "Packages") : packagesDirectory!;
            if (serverVersion < FirstVersionWithSpaces)
            {
                return packagesRoot;
            }

            if (string.IsNullOrWhiteSpace(spaceId))
            {
                throw new OctopusUpgradeException(
                    PackageErrorIds.CopySpaceRequired,
                    FailureCategory.InvalidArgument,
                    $"Octopus {serverVersion} keeps built-in packages per space; name the space that receives them (usually the default space).",
                    serverVersion);
            }

            return Path.Combine(packagesRoot, spaceId);
        }

        /// <summary>
        /// The 2.6 feed holds only NuGet packages; a re-index counts these. Other files in the folder are copied too
        /// (the folder is the store; nothing in it is ours to judge) but are not packages.
        /// </summary>
        internal static bool IsPackageFile(string path) => path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase);

        private static void RequirePath(string path, string name)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("A path is required.", name);
            }
        }
    }
}
