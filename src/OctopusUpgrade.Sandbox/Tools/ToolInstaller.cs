using System;
using System.IO;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Writes the install folder with executable <c>Octopus.Server.exe</c> and <c>Octopus.Migrator.exe</c> stand-ins (the
    /// MSI installs both there): on Linux bash scripts that run this assembly's <c>tool octopus-server</c> and
    /// <c>tool octopus-migrator</c> subcommands against the running estate's control endpoint.
    /// </summary>
    internal static class ToolInstaller
    {
        public const string ServerExecutable = "Octopus.Server.exe";

        public const string MigratorExecutable = "Octopus.Migrator.exe";

        public static string Install(string home, Uri controlUrl, string controlToken)
        {
            var folder = Path.Combine(Path.GetTempPath(), "octopus-sandbox-install-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(folder);
            Write(folder, ServerExecutable, "octopus-server", home, controlUrl, controlToken);
            Write(folder, MigratorExecutable, "octopus-migrator", home, controlUrl, controlToken);
            return folder;
        }

        private static void Write(string folder, string executable, string subcommand, string home, Uri controlUrl, string controlToken)
        {
            var assembly = typeof(ToolInstaller).Assembly.Location;
            var script = Path.Combine(folder, executable);
            // The control token sits in the script (like a service's config file), never on a console.
            File.WriteAllText(script,
                "#!/usr/bin/env bash\n"
                + "# Stand-in for " + executable + ", acting on the sandbox estate whose home is " + home + "\n"
                + "exec dotnet \"" + assembly + "\" tool " + subcommand + " --control \"" + controlUrl + "\" --token \"" + controlToken + "\" -- \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                             | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
        }
    }
}
