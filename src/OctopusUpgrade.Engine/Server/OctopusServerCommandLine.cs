using System;
using System.Collections.Generic;
using System.Globalization;
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

        /// <summary><c>service --console --stop --instance NAME</c>: stops the instance's Windows service.</summary>
        public static IReadOnlyList<string> StopService(string instanceName) =>
            Command("service", "--stop", "--instance", Required(instanceName, nameof(instanceName)));

        /// <summary><c>service --console --start --instance NAME</c>: starts the instance's Windows service.</summary>
        public static IReadOnlyList<string> StartService(string instanceName) =>
            Command("service", "--start", "--instance", Required(instanceName, nameof(instanceName)));

        /// <summary>
        /// <c>node --console --instance NAME --drain=true --wait=SECONDS</c>: the node takes no new tasks and the command
        /// waits up to the given whole seconds for its running ones (Octopus's own upgrade script passes <c>--wait=0</c>).
        /// </summary>
        public static IReadOnlyList<string> DrainNode(string instanceName, TimeSpan wait) =>
            Command("node", "--instance", Required(instanceName, nameof(instanceName)), "--drain=true", "--wait=" + WholeSeconds(wait, nameof(wait)));

        /// <summary><c>node --console --instance NAME --drain=false</c>: the node takes tasks again.</summary>
        public static IReadOnlyList<string> ResumeNode(string instanceName) =>
            Command("node", "--instance", Required(instanceName, nameof(instanceName)), "--drain=false");

        /// <summary>
        /// <c>database --console --instance NAME --upgrade [--skipLicenseCheck]</c>: runs the installed version's schema
        /// scripts. <c>--skipLicenseCheck</c> (2018.8.9+) lets an upgrade through that would leave the license non-compliant.
        /// </summary>
        public static IReadOnlyList<string> UpgradeDatabase(string instanceName, bool skipLicenseCheck) =>
            skipLicenseCheck
                ? Command("database", "--instance", Required(instanceName, nameof(instanceName)), "--upgrade", "--skipLicenseCheck")
                : Command("database", "--instance", Required(instanceName, nameof(instanceName)), "--upgrade");

        /// <summary><c>show-master-key --console --instance NAME</c>: prints the instance's Master Key (a secret) on standard output.</summary>
        public static IReadOnlyList<string> ShowMasterKey(string instanceName) =>
            Command("show-master-key", "--instance", Required(instanceName, nameof(instanceName)));

        /// <summary><c>show-configuration --console --instance NAME --format=json --file=PATH</c>: the instance's settings, written to a file.</summary>
        public static IReadOnlyList<string> ShowConfiguration(string instanceName, string file) =>
            Command("show-configuration", "--instance", Required(instanceName, nameof(instanceName)), "--format=json", "--file=" + Required(file, nameof(file)));

        /// <summary><c>show-configuration --console --instance NAME --format=json</c>: the settings on standard output (read with <see cref="OctopusServerToolOutput.ParseConfiguration"/>).</summary>
        public static IReadOnlyList<string> ShowConfiguration(string instanceName) =>
            Command("show-configuration", "--instance", Required(instanceName, nameof(instanceName)), "--format=json");

        /// <summary><c>version --console --format=json</c>: the installed binaries' version (read with <see cref="OctopusServerToolOutput.ParseVersion"/>).</summary>
        public static IReadOnlyList<string> Version() => Command("version", "--format=json");

        /// <summary><c>list-instances --console --format=json</c>: every instance on the machine (read with <see cref="OctopusServerToolOutput.ParseInstances"/>).</summary>
        public static IReadOnlyList<string> ListInstances() => Command("list-instances", "--format=json");

        /// <summary><c>watchdog --console --delete</c>: removes the machine's watchdog task, which would restart a service the upgrade stopped.</summary>
        public static IReadOnlyList<string> DeleteWatchdog() => Command("watchdog", "--delete");

        /// <summary><c>watchdog --console --create --instances NAMES --interval MINUTES</c>: recreates the watchdog as it was.</summary>
        public static IReadOnlyList<string> CreateWatchdog(string instances, int intervalMinutes) =>
            Command("watchdog", "--create", "--instances", Required(instances, nameof(instances)), "--interval", Positive(intervalMinutes, nameof(intervalMinutes)));

        /// <summary><c>checkservices --console --instances NAMES</c>: starts any of the named instances (or <c>*</c>) that is not running.</summary>
        public static IReadOnlyList<string> CheckServices(string instances) =>
            Command("checkservices", "--instances", Required(instances, nameof(instances)));

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

        private static string WholeSeconds(TimeSpan value, string name) =>
            value < TimeSpan.Zero
                ? throw new ArgumentOutOfRangeException(name, value, "The wait cannot be negative.")
                : ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

        private static string Positive(int value, string name) =>
            value < 1 ? throw new ArgumentOutOfRangeException(name, value, "The interval is at least one minute.") : value.ToString(CultureInfo.InvariantCulture);

        private static string Required(string value, string name) =>
            string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A value is required.", name) : value;

        /// <summary><c>license --console --instance NAME --licenseFile=PATH</c>: imports the license key (the 2.6 migrator does not carry it over).</summary>
        public static IReadOnlyList<string> License(string instanceName, string licenseFile) =>
            Command("license", "--instance", Required(instanceName, nameof(instanceName)), "--licenseFile=" + Required(licenseFile, nameof(licenseFile)));
    }
}
