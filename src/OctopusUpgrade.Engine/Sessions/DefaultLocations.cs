using System;
using System.IO;
using System.Runtime.InteropServices;

namespace OctopusUpgrade.Engine.Sessions
{
    /// <summary>Where things are when the user does not say: the journal folder and the Octopus install folder.</summary>
    public static class DefaultLocations
    {
        private const string OctopusServerRegistryKey = @"SOFTWARE\Octopus\OctopusServer";

        /// <summary>A new journal file under the user's local application data.</summary>
        public static string NewJournalPath(string instanceName, DateTimeOffset now, Guid sessionId)
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.GetTempPath();
            }

            var name = $"{now.UtcDateTime:yyyyMMdd-HHmmss}-{instanceName}-{sessionId.ToString("N").Substring(0, 8)}.json";
            return Path.Combine(root, "OctopusUpgrade", "Journals", name);
        }

        /// <summary>
        /// The Octopus Server MSI's install folder from the registry, or null off Windows or when not installed. The registry
        /// read is the one Windows-only seam for the install folder; it is not executed on the Linux machines the tests run on.
        /// </summary>
        public static string? InstalledServerFolder()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return null;
            }

            return ReadInstallLocation();
        }

#if NET
        [System.Runtime.Versioning.SupportedOSPlatform("windows")]
#endif
        private static string? ReadInstallLocation()
        {
            // The 64-bit view, so that 32-bit PowerShell (x86) does not look under WOW6432Node and miss the server.
            using var machine = Microsoft.Win32.RegistryKey.OpenBaseKey(Microsoft.Win32.RegistryHive.LocalMachine, Microsoft.Win32.RegistryView.Registry64);
            using var key = machine.OpenSubKey(OctopusServerRegistryKey);
            return key?.GetValue("InstallLocation") as string;
        }
    }
}
