using System;
using System.IO;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Writes a node's install folder with an executable <c>Octopus.Server.exe</c> stand-in: on Linux a bash script that runs
    /// this assembly's <c>tool octopus-server</c> subcommand, for that node, against the running estate's control endpoint.
    /// Each node stands for its own machine, so each has its own folder.
    /// </summary>
    internal static class ToolInstaller
    {
        public const string ServerExecutable = "Octopus.Server.exe";

        public static string Install(string home, Uri controlUrl, string controlToken, string nodeName)
        {
            var folder = Path.Combine(Path.GetTempPath(), "octopus-sandbox-install-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(folder);
            var assembly = typeof(ToolInstaller).Assembly.Location;
            var script = Path.Combine(folder, ServerExecutable);
            // The control token sits in the script (like a service's config file), never on a console.
            File.WriteAllText(script,
                "#!/usr/bin/env bash\n"
                + "# Stand-in for Octopus.Server.exe, acting on the sandbox estate whose home is " + home + "\n"
                + "exec dotnet \"" + assembly + "\" tool octopus-server --control \"" + controlUrl + "\" --token \"" + controlToken + "\" --node \"" + nodeName + "\" -- \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                             | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }

            return folder;
        }
    }
}
