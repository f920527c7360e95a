using System;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// What an msiexec exit code means, from Windows Installer's documented error codes (MsiExec.exe and
    /// InstMsi.exe error messages). 0 and 3010 (reboot required, kept as a flag) are successes; every other code is an
    /// error with a stable id and advice.
    /// </summary>
    public sealed record MsiExitCode(int Code, string Name, string Meaning, string Advice)
    {
        public const int Success = 0;

        public const int RebootRequired = 3010;

        public const int RebootInitiated = 1641;

        private static readonly MsiExitCode[] Known =
        {
            new(Success, "ERROR_SUCCESS", "The installation completed successfully.", string.Empty),
            new(RebootRequired, "ERROR_SUCCESS_REBOOT_REQUIRED", "The installation succeeded; a restart is required to complete it.", "Restart the machine when it suits; the result's RebootRequired is true."),
            new(RebootInitiated, "ERROR_SUCCESS_REBOOT_INITIATED", "The installer has started a restart.", "The machine is restarting; /norestart should have prevented it."),
            new(1602, "ERROR_INSTALL_USEREXIT", "The installation was cancelled.", "Run it again."),
            new(1603, "ERROR_INSTALL_FAILURE", "A fatal error occurred during installation.", "Read the MSI log around the failing action (quoted below); reinstall the previous version if the server must run now."),
            new(1605, "ERROR_UNKNOWN_PRODUCT", "This action is only valid for products that are currently installed.", "Check the MSI is the Octopus Server one."),
            new(1618, "ERROR_INSTALL_ALREADY_RUNNING", "Another installation is already in progress.", "Wait for it to finish (Windows Update, another MSI), then run again."),
            new(1619, "ERROR_INSTALL_PACKAGE_OPEN_FAILED", "The installation package could not be opened.", "Check the MSI exists, is complete and can be read by this account."),
            new(1620, "ERROR_INSTALL_PACKAGE_INVALID", "The installation package is not a valid Windows Installer package.", "Download the MSI again."),
            new(1625, "ERROR_INSTALL_PACKAGE_REJECTED", "The installation is forbidden by system policy.", "Ask the machine's administrators to allow it."),
            new(1633, "ERROR_INSTALL_PLATFORM_UNSUPPORTED", "The package is not supported on this platform.", "Use the x64 MSI on a 64-bit Windows."),
            new(1638, "ERROR_PRODUCT_VERSION", "Another version of this product is already installed.", "Uninstall the installed version first (Install-OctopusServer -UninstallMsiPath with its MSI), or install an MSI newer than it."),
            new(1639, "ERROR_INVALID_COMMAND_LINE", "The command line is not valid.", "Report it: the module builds the command line."),
        };

        public bool IsSuccess => Code is Success or RebootRequired;

        /// <summary>
        /// The meaning of a finished msiexec's process exit code. Outside Windows (the sandbox's stand-in, under tests) a
        /// process keeps only the low 8 bits of its code; the documented codes differ in those bits, so each is recovered.
        /// </summary>
        public static MsiExitCode ForProcess(int exitCode) =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || exitCode is < 0 or > 0xFF
                ? For(exitCode)
                : Known.FirstOrDefault(k => (k.Code & 0xFF) == exitCode) ?? For(exitCode);

        /// <summary>The meaning of <paramref name="code"/>; an undocumented code is named by its number.</summary>
        public static MsiExitCode For(int code) =>
            Known.FirstOrDefault(k => k.Code == code)
            ?? new MsiExitCode(code, "exit code " + code.ToString(CultureInfo.InvariantCulture), "Not a documented Windows Installer exit code.", "Read the MSI log.");

        /// <summary>The error for a failed install, with the relevant part of the MSI log for 1603.</summary>
        public OctopusUpgradeException ToError(string msiPath, string logPath, string? logTail)
        {
            if (IsSuccess)
            {
                throw new InvalidOperationException("Exit code " + Code.ToString(CultureInfo.InvariantCulture) + " is a success.");
            }

            var (id, category) = Code switch
            {
                1603 => (InstallErrorIds.Failed, FailureCategory.InvalidOperation),
                1618 => (InstallErrorIds.AnotherInstallRunning, FailureCategory.ResourceUnavailable),
                1638 => (InstallErrorIds.AnotherVersionInstalled, FailureCategory.InvalidOperation),
                _ => (InstallErrorIds.ExitCode, FailureCategory.InvalidOperation),
            };
            var log = Code == 1603 && !string.IsNullOrWhiteSpace(logTail) ? " From the MSI log (" + logPath + "): " + logTail : " The MSI log is " + logPath + ".";
            return new OctopusUpgradeException(
                id,
                category,
                $"msiexec installing '{msiPath}' exited with {Code} ({Name}): {Meaning} {Advice}{log}",
                msiPath);
        }
    }
}
