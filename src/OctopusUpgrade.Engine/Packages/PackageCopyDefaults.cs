using System;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Fills in what <c>Copy-NuGetPackages</c> was not told from the session: the 2.6 feed under the session's home
    /// folder as the source, and the new server's feed folder for the version the session learned as the destination.
    /// </summary>
    public static class PackageCopyDefaults
    {
        /// <param name="session">The session; its home folder and learned server version are used.</param>
        /// <param name="sourcePath">The source the user gave, or null for the 2.6 layout under the home folder.</param>
        /// <param name="destinationPath">The destination the user gave, or null for the new server's feed folder.</param>
        /// <param name="spaceId">The space receiving the packages (from 2019.1), usually the default space's id.</param>
        /// <param name="packagesDirectory">The server's <c>PackagesDirectory</c> from its server folders, where read.</param>
        /// <exception cref="OctopusUpgradeException"><c>PackageCopyHomeUnknown</c> or <c>PackageCopyServerVersionUnknown</c>.</exception>
        public static PackageCopyRequest Resolve(UpgradeSession session, string? sourcePath, string? destinationPath, string? spaceId, string? packagesDirectory = null)
        {
            if (session is null)
            {
                throw new ArgumentNullException(nameof(session));
            }

            var source = string.IsNullOrWhiteSpace(sourcePath)
                ? PackageFeedLocations.LegacySource(RequireHome(session, "source"))
                : sourcePath!;
            var destination = string.IsNullOrWhiteSpace(destinationPath)
                ? PackageFeedLocations.ModernDestination(RequireHome(session, "destination"), RequireVersion(session), spaceId, packagesDirectory)
                : destinationPath!;
            return new PackageCopyRequest(source, destination) { SessionId = session.Id };
        }

        private static string RequireHome(UpgradeSession session, string which) =>
            session.HomePath ?? throw new OctopusUpgradeException(
                PackageErrorIds.CopyHomeUnknown,
                FailureCategory.InvalidArgument,
                $"The session has no home folder, so the package {which} folder cannot be derived. Give the folder, or create the session with its home folder (usually C:\\Octopus).",
                session.ToString());

        private static OctopusVersion RequireVersion(UpgradeSession session) =>
            session.Facts.ServerVersion ?? throw new OctopusUpgradeException(
                PackageErrorIds.CopyServerVersionUnknown,
                FailureCategory.InvalidOperation,
                "The session has not learned the new server's version, which decides its packages folder. Give the destination folder, or run a step that reads the server first.",
                session.ToString());
    }
}
