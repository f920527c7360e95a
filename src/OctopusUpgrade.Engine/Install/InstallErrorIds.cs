namespace OctopusUpgrade.Engine.Install
{
    /// <summary>The error ids of installing the Octopus Server MSI with msiexec.</summary>
    public static class InstallErrorIds
    {
        public const string Prefix = "Install";

        /// <summary>1603: a fatal error during installation; the message quotes the MSI log around the failing action.</summary>
        public const string Failed = "InstallFailed";

        /// <summary>1618: another installation is in progress on the machine.</summary>
        public const string AnotherInstallRunning = "InstallAnotherInstallRunning";

        /// <summary>1638: another version of the product is installed and this MSI does not upgrade it.</summary>
        public const string AnotherVersionInstalled = "InstallAnotherVersionInstalled";

        /// <summary>The MSI named does not exist; nothing was stopped.</summary>
        public const string MsiNotFound = "InstallMsiNotFound";

        /// <summary>The MSI is not a readable Windows Installer package or its Property table has no ProductVersion; nothing was stopped.</summary>
        public const string MsiUnreadable = "InstallMsiUnreadable";

        /// <summary>
        /// The MSI is older than the installed version and no -UninstallMsiPath was given: Windows Installer refuses the
        /// downgrade (1603, "A newer version … is already installed"); nothing was stopped.
        /// </summary>
        public const string DowngradeNeedsUninstall = "InstallDowngradeNeedsUninstall";

        /// <summary>-UninstallMsiPath names an MSI that is not the installed version, or not the same product as -MsiPath; nothing was stopped.</summary>
        public const string UninstallMsiMismatch = "InstallUninstallMsiMismatch";

        /// <summary><c>service --stop</c> reported success, yet the instance's API still shows its node online; msiexec was not run.</summary>
        public const string InstanceNotStopped = "InstallInstanceNotStopped";

        /// <summary>msiexec reported success, yet <c>version --format=json</c> does not show the MSI's version installed.</summary>
        public const string VersionNotConfirmed = "InstallVersionNotConfirmed";

        /// <summary>Any other exit code that is not a success, named by number and meaning.</summary>
        public const string ExitCode = "InstallExitCode";
    }
}
