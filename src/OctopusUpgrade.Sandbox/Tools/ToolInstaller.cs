using System;
using System.IO;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Writes a node's install folder with executable <c>Octopus.Server.exe</c> and <c>Octopus.Migrator.exe</c> stand-ins
    /// (the MSI installs both there) and the machine's <c>msiexec.exe</c>: on Linux bash scripts that run this assembly's
    /// <c>tool octopus-server</c>, <c>tool octopus-migrator</c> and <c>tool msiexec</c> subcommands, for that node, against the running estate's control endpoint. Each node
    /// stands for its own machine, so each has its own folder.
    /// </summary>
    internal static class ToolInstaller
    {
        public const string ServerExecutable = "Octopus.Server.exe";

        public const string MigratorExecutable = "Octopus.Migrator.exe";

        /// <summary>
        /// The msiexec stand-in, in the node's install folder: a real machine has msiexec in System32, the sandbox's machine
        /// has no system folder, and the install folder is the one folder that belongs to the node.
        /// </summary>
        public const string MsiexecExecutable = "msiexec.exe";

        public static string Install(string home, Uri controlUrl, string controlToken, string nodeName)
        {
            var folder = Path.Combine(Path.GetTempPath(), "octopus-sandbox-install-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(folder);
            Write(folder, ServerExecutable, "octopus-server", home, controlUrl, controlToken, nodeName);
            Write(folder, MigratorExecutable, "octopus-migrator", home, controlUrl, controlToken, nodeName);
            Write(folder, MsiexecExecutable, "msiexec", home, controlUrl, controlToken, nodeName);
            return folder;
        }

        private static void Write(string folder, string executable, string subcommand, string home, Uri controlUrl, string controlToken, string nodeName)
        {
            var assembly = typeof(ToolInstaller).Assembly.Location;
            var script = Path.Combine(folder, executable);
            // The control token sits in the script (like a service's config file), never on a console.
            File.WriteAllText(script,
                "#!/usr/bin/env bash\n"
                + "# Stand-in for " + executable + ", acting on the sandbox estate whose home is " + home + "\n"
                + "exec dotnet \"" + assembly + "\" tool " + subcommand + " --control \"" + controlUrl + "\" --token \"" + controlToken + "\" --node \"" + nodeName + "\" -- \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                             | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
        }
    }
}
