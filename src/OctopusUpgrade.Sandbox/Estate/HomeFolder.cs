using System.Collections.Generic;
using System.IO;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The server's home folder, laid out like <c>C:\Octopus</c> for the version: 2.x keeps packages under
    /// <c>OctopusServer\Repository\Packages</c> beside <c>Backup</c> and <c>RavenDB</c>; 3.x+ has <c>Packages</c> (per space
    /// from 2019.1), <c>TaskLogs</c>, <c>Artifacts</c> and <c>Logs</c>.
    /// </summary>
    internal sealed class HomeFolder
    {
        public HomeFolder(string root, ServerVersion version, IEnumerable<string> spaceIds)
        {
            Root = root;
            Version = version;
            CreateLayout(spaceIds);
            File.WriteAllText(ServerLog, "");
        }

        public string Root { get; }

        /// <summary>The installed version, which decides the package layout; an in-place upgrade changes it.</summary>
        public ServerVersion Version { get; set; }

        /// <summary>Creates the folders the installed version uses (an in-place upgrade from 2.6 adds the 3.x ones beside the old).</summary>
        public void CreateLayout(IEnumerable<string> spaceIds)
        {
            var folders = Version.IsLegacy2x
                ? new[] { "Backup", "Logs", "PackageCache", "RavenDB", Path.Combine("OctopusServer", "ActivityLogs"), Path.Combine("OctopusServer", "Actors"), Path.Combine("OctopusServer", "Repository", "Index") }
                : new[] { "TaskLogs", "Artifacts", "Logs", "EventExports", "Telemetry" };
            foreach (var folder in folders)
            {
                Directory.CreateDirectory(Path.Combine(Root, folder));
            }

            Directory.CreateDirectory(PackagesRoot);
            foreach (var spaceId in spaceIds)
            {
                Directory.CreateDirectory(PackagesFor(spaceId));
            }
        }

        /// <summary>The built-in repository root (what <c>PackagesDirectory</c> reports).</summary>
        public string PackagesRoot => Version.IsLegacy2x
            ? Path.Combine(Root, "OctopusServer", "Repository", "Packages")
            : Path.Combine(Root, "Packages");

        public string LogsDirectory => Path.Combine(Root, "Logs");

        public string ArtifactsDirectory => Path.Combine(Root, "Artifacts");

        public string TaskLogsDirectory => Path.Combine(Root, "TaskLogs");

        public string EventExportsDirectory => Path.Combine(Root, "EventExports");

        public string TelemetryDirectory => Path.Combine(Root, "Telemetry");

        public string ServerLog => Path.Combine(LogsDirectory, "OctopusServer.txt");

        /// <summary>Where a space's package files live: per-space subfolders from 2019.1.</summary>
        public string PackagesFor(string spaceId) => Version.HasSpaces ? Path.Combine(PackagesRoot, spaceId) : PackagesRoot;

        /// <summary>Appends a line to the server log (never a secret).</summary>
        public void AppendLog(string line) => File.AppendAllText(ServerLog, line + "\n");
    }
}
