using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using OctopusUpgrade.Engine.Server;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>
    /// The <c>Octopus.Migrator.exe migrate</c> command line (facts §5: <c>--instance --file --master-key [--maxage=N]
    /// [--nologs|--onlylogs] [--nooverwrite] [--dry-run]</c>), with <c>--console</c> after the command as for
    /// <see cref="OctopusServerCommandLine"/>, whose comment records why. The Master Key is an argument: build the line
    /// with the key to run it, and with <see cref="Security.Secret.Mask"/> to show it.
    /// </summary>
    public static class MigratorCommandLine
    {
        public const string Executable = "Octopus.Migrator.exe";

        /// <summary>The migrator, installed beside Octopus.Server.exe.</summary>
        public static string ExecutablePath(string installPath) =>
            Path.Combine(string.IsNullOrWhiteSpace(installPath) ? throw new ArgumentException("A value is required.", nameof(installPath)) : installPath, Executable);

        public static IReadOnlyList<string> Migrate(string instanceName, MigrationRequest request, string masterKey)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var arguments = new List<string>
            {
                "migrate",
                OctopusServerCommandLine.ConsoleSwitch,
                "--instance=" + Required(instanceName, nameof(instanceName)),
                "--file=" + Required(request.BackupFile, nameof(request)),
                "--master-key=" + Required(masterKey, nameof(masterKey)),
            };
            if (request.MaxAge is { } days)
            {
                arguments.Add("--maxage=" + days.ToString(CultureInfo.InvariantCulture));
            }

            Add(arguments, request.NoLogs, "--nologs");
            Add(arguments, request.OnlyLogs, "--onlylogs");
            Add(arguments, request.NoOverwrite, "--nooverwrite");
            Add(arguments, request.Preview, "--dry-run");
            return arguments;
        }

        /// <summary>As a person would type it on the server (see <see cref="OctopusServerCommandLine.Describe"/>).</summary>
        public static string Describe(string? installPath, IReadOnlyList<string> arguments) =>
            installPath is null
                ? OctopusServerCommandLine.NoInstallFolder
                : WindowsCommandLine.Join(new[] { ExecutablePath(installPath) }) + " " + WindowsCommandLine.Join(arguments);

        private static void Add(List<string> arguments, bool given, string option)
        {
            if (given)
            {
                arguments.Add(option);
            }
        }

        private static string Required(string value, string name) =>
            string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A value is required.", name) : value;
    }
}
