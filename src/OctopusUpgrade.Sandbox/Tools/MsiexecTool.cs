using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The <c>msiexec</c> stand-in: <c>/i MSI /quiet /norestart RUNMANAGERONEXIT=no /l*v LOG</c> and
    /// <c>/x MSI /quiet /norestart /l*v LOG</c> with a package <see cref="SandboxMsi"/> wrote (known by its SHA-256; a file
    /// that cannot be opened is 1619, any other file 1620 as for a file that is not a Windows Installer package). It
    /// writes a verbose log in Windows Installer's line shapes (a failed action is followed by <c>Return value 3.</c>),
    /// installs the package's version on its node through the control endpoint, and exits with Windows Installer's
    /// codes: 0, 3010, or the code an <see cref="MsiexecFault"/> chose (1603, 1618, 1638, …). An older version than the
    /// installed one fails with 1603 and "A newer version … is already installed", as an MSI whose major upgrade
    /// forbids downgrades does. The real Octopus MSI stops the service itself; this one refuses to install while the
    /// node's service runs (1603, the log saying why), so a caller that forgot to stop it fails visibly.
    /// </summary>
    internal static class MsiexecTool
    {
        private const int InstallFailure = 1603;
        private const int PackageOpenFailed = 1619;
        private const int PackageInvalid = 1620;
        private const int InvalidCommandLine = 1639;

        public static async Task<int> RunAsync(string[] args, TextWriter error)
        {
            var (client, toolArgs) = OctopusServerTool.Connect(args);
            var separator = Array.IndexOf(args, "--");
            var node = OctopusServerTool.Option(separator < 0 ? args : args[..separator], "node");
            if (client is null || node is null)
            {
                await error.WriteLineAsync("The stand-in needs --control <url>, --token <token> and --node <name> before --.").ConfigureAwait(false);
                return InvalidCommandLine;
            }

            using var _ = client;
            var msi = Value(toolArgs, "/i") ?? Value(toolArgs, "/x");
            var logPath = Value(toolArgs, "/l*v");
            if (msi is null || logPath is null || !toolArgs.Contains("/quiet", StringComparer.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync("The sandbox msiexec takes /i|/x <msi> /quiet [/norestart] [PROPERTY=value] /l*v <log>.").ConfigureAwait(false);
                return InvalidCommandLine;
            }

            var log = new List<string> { "=== Verbose logging started: " + DateTime.UtcNow.ToString("dd/MM/yyyy  HH:mm:ss", CultureInfo.InvariantCulture) + "  Build type: SHIP UNICODE 5.00.10011.00  Calling process: msiexec ===" };
            try
            {
                return await Run(client, node, msi, Value(toolArgs, "/x") is not null, toolArgs, log).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                log.Add("MSI (s) (00:00): Note: 1: 1708 " + e.Message);
                return InstallFailure;
            }
            finally
            {
                log.Add("=== Logging stopped: " + DateTime.UtcNow.ToString("dd/MM/yyyy  HH:mm:ss", CultureInfo.InvariantCulture) + " ===");
                await File.WriteAllLinesAsync(logPath, log).ConfigureAwait(false);
            }
        }

        private static async Task<int> Run(HttpClient client, string node, string msi, bool uninstall, string[] args, List<string> log)
        {
            log.Add("MSI (c) (00:00): Resetting cached policy values");
            log.Add("MSI (c) (00:00): Command Line: " + string.Join(' ', args));
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(msi).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Add("MSI (c) (00:00): Note: 1: 2203 2: " + msi + " 3: -2147287038");
                return Returning(log, PackageOpenFailed);
            }

            using var known = await client.GetAsync(new Uri("msi/" + SandboxMsi.Sha256(bytes), UriKind.Relative)).ConfigureAwait(false);
            if (known.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                log.Add("MSI (c) (00:00): Note: 1: 2203 2: " + msi + " 3: -2147286960");
                log.Add("MSI (c) (00:00): This installation package could not be opened. Contact the application vendor to verify that this is a valid Windows Installer package.");
                return Returning(log, PackageInvalid);
            }

            var package = System.Text.Json.Nodes.JsonNode.Parse(await known.EnsureSuccessStatusCode().Content.ReadAsStringAsync().ConfigureAwait(false))!.AsObject();
            var productName = package["ProductName"]!.GetValue<string>();
            var productVersion = package["ProductVersion"]!.GetValue<string>();
            log.Add("Property(C): ProductName = " + productName);
            log.Add("Property(C): ProductVersion = " + productVersion);
            log.Add("Property(C): ProductCode = " + package["ProductCode"]!.GetValue<string>());
            log.Add("Property(C): UpgradeCode = " + package["UpgradeCode"]!.GetValue<string>());
            if (uninstall)
            {
                return await Uninstall(client, node, productName, log).ConfigureAwait(false);
            }

            var fault = await OctopusServerTool.Get(client, "msiexec").ConfigureAwait(false);
            var exitCode = fault["ExitCode"]!.GetValue<int>();
            if (exitCode is not (0 or 3010))
            {
                return Failed(log, exitCode, exitCode == InstallFailure ? "CustomAction ConfigureServer returned actual error code 1603 (injected by the sandbox)" : null);
            }

            if (fault["Installs"]!.GetValue<bool>())
            {
                using var response = await client.PostAsync(new Uri("nodes/" + Uri.EscapeDataString(node) + "/install?version=" + Uri.EscapeDataString(productVersion), UriKind.Relative), null).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return Failed(log, InstallFailure, "The install was refused: " + await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                }
            }

            log.Add("MSI (s) (00:00): Product: " + productName + " -- Installation completed successfully.");
            log.Add("MSI (s) (00:00): Windows Installer installed the product. Product Name: " + productName + ". Product Version: " + productVersion + ". Installation success or error status: 0.");
            return Returning(log, exitCode);
        }

        private static async Task<int> Uninstall(HttpClient client, string node, string productName, List<string> log)
        {
            using var response = await client.PostAsync(new Uri("nodes/" + Uri.EscapeDataString(node) + "/uninstall", UriKind.Relative), null).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(log, InstallFailure, "The removal was refused: " + await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            }

            log.Add("MSI (s) (00:00): Product: " + productName + " -- Removal completed successfully.");
            return Returning(log, 0);
        }

        private static int Returning(List<string> log, int exitCode)
        {
            log.Add("MSI (c) (00:00): MainEngineThread is returning " + exitCode.ToString(CultureInfo.InvariantCulture));
            return exitCode;
        }

        private static int Failed(List<string> log, int exitCode, string? failingAction)
        {
            if (failingAction is not null)
            {
                log.Add("Action start 00:00:00: InstallFinalize.");
                log.Add(failingAction);
                log.Add("Action ended 00:00:00: InstallFinalize. Return value 3.");
            }

            log.Add("MSI (s) (00:00): Product: Octopus Deploy Server -- Installation failed.");
            return Returning(log, exitCode);
        }

        /// <summary>The argument after <paramref name="name"/> (case-insensitive, as msiexec reads its switches).</summary>
        private static string? Value(string[] args, string name)
        {
            var index = Array.FindIndex(args, a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }
    }
}
