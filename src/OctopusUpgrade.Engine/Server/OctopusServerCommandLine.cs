using System;
using System.Collections.Generic;
using System.IO;

namespace OctopusUpgrade.Engine.Server
{
    /// <summary>
    /// Every <c>Octopus.Server.exe</c> command line the engine runs, built in one place. Each carries <c>--console</c>
    /// right after the command: when the caller is not interactive (a runbook, a scheduled task, a service account),
    /// Octopus's start-up code runs the executable as a Windows service host unless <c>--console</c> is given, and the
    /// command then does nothing it was asked to (facts §6; OctopusDSC passes it on every call for that reason).
    /// <c>Octopus.Migrator.exe</c> and <c>Tentacle.exe</c> are built on the same start-up code (their help texts share the
    /// layout and common options), so their command lines, when the engine builds them, take <c>--console</c> the same way.
    /// </summary>
    public static class OctopusServerCommandLine
    {
        public const string Executable = "Octopus.Server.exe";
        public const string ConsoleSwitch = "--console";

        /// <summary>What <see cref="Describe"/> shows when the session does not know where the server is installed.</summary>
        public const string NoInstallFolder = "not possible: the session does not know the Octopus Server's install folder";

        /// <summary><c>service --console --restart --instance NAME</c>: restarting re-indexes the built-in feed.</summary>
        public static IReadOnlyList<string> RestartService(string instanceName) =>
            Command("service", "--restart", "--instance", Required(instanceName, nameof(instanceName)));

        /// <summary><c>show-master-key --console --instance NAME</c>: prints the instance's Master Key (a secret) on standard output.</summary>
        public static IReadOnlyList<string> ShowMasterKey(string instanceName) =>
            Command("show-master-key", "--instance", Required(instanceName, nameof(instanceName)));

        /// <summary><c>show-configuration --console --instance NAME --format=json --file=PATH</c>: the instance's settings, written to a file.</summary>
        public static IReadOnlyList<string> ShowConfiguration(string instanceName, string file) =>
            Command("show-configuration", "--instance", Required(instanceName, nameof(instanceName)), "--format=json", "--file=" + Required(file, nameof(file)));

        /// <summary>The executable under the install folder.</summary>
        public static string ExecutablePath(string installPath) => Path.Combine(Required(installPath, nameof(installPath)), Executable);

        /// <summary>
        /// The command line as a person would type it on the Windows server it runs on (arguments quoted by the rules the
        /// executable splits them with), for -WhatIf, confirmation prompts and the journal. Without the install folder
        /// there is no command line to show, only that the run would be refused.
        /// </summary>
        public static string Describe(string? installPath, IReadOnlyList<string> arguments) =>
            installPath is null
                ? NoInstallFolder
                : WindowsCommandLine.Join(new[] { ExecutablePath(installPath) }) + " " + WindowsCommandLine.Join(arguments);

        private static IReadOnlyList<string> Command(string command, params string[] options)
        {
            var arguments = new List<string>(options.Length + 2) { command, ConsoleSwitch };
            arguments.AddRange(options);
            return arguments;
        }

        private static string Required(string value, string name) =>
            string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A value is required.", name) : value;

        /// <summary><c>license --console --instance NAME --licenseFile=PATH</c>: imports the license key (the 2.6 migrator does not carry it over).</summary>
        public static IReadOnlyList<string> License(string instanceName, string licenseFile) =>
            Command("license", "--instance", Required(instanceName, nameof(instanceName)), "--licenseFile=" + Required(licenseFile, nameof(licenseFile)));
    }
}
