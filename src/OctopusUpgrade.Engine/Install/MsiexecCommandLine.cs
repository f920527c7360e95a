using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Server;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// The msiexec command lines the engine runs, built in one place: a silent install that never restarts the machine
    /// and does not open Octopus Manager afterwards, with a verbose log (facts §6: the documented silent install plus
    /// OctopusDSC's <c>/l*v</c>). A rollback reinstalls the previous MSI with the same command line.
    /// </summary>
    public static class MsiexecCommandLine
    {
        public const string Executable = "msiexec.exe";

        /// <summary><c>/i MSI /quiet /norestart RUNMANAGERONEXIT=no /l*v LOG</c>.</summary>
        public static IReadOnlyList<string> Install(string msiPath, string logPath) =>
            new[] { "/i", Required(msiPath, nameof(msiPath)), "/quiet", "/norestart", "RUNMANAGERONEXIT=no", "/l*v", Required(logPath, nameof(logPath)) };

        /// <summary>
        /// <c>/x MSI /quiet /norestart /l*v LOG</c>: removes the product the MSI installed (its program files only; the
        /// home folder, instance configuration and database stay), as Octopus's rollback does before the older MSI.
        /// </summary>
        public static IReadOnlyList<string> Uninstall(string msiPath, string logPath) =>
            new[] { "/x", Required(msiPath, nameof(msiPath)), "/quiet", "/norestart", "/l*v", Required(logPath, nameof(logPath)) };

        /// <summary>The command line as typed on the Windows machine, quoted as Windows splits it.</summary>
        public static string Describe(IReadOnlyList<string> arguments) =>
            WindowsCommandLine.Join(new[] { Executable }) + " " + WindowsCommandLine.Join(arguments);

        private static string Required(string value, string name) =>
            string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A value is required.", name) : value;
    }
}
