using System;
using System.IO;
using System.Linq;
using System.Text;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Install;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Install
{
    /// <summary>The msiexec command line, what each exit code means, and the part of the MSI log a 1603 quotes.</summary>
    public sealed class MsiexecTests
    {
        [Theory]
        [InlineData(@"C:\Installers\Octopus.2024.1.5000-x64.msi", @"C:\Octopus\Logs\Octopus-x64.msi.log",
            @"msiexec.exe /i C:\Installers\Octopus.2024.1.5000-x64.msi /quiet /norestart RUNMANAGERONEXIT=no /l*v C:\Octopus\Logs\Octopus-x64.msi.log")]
        [InlineData(@"D:\Octopus Installers\Octopus.2023.1.9000-x64.msi", @"D:\Upgrade Logs\install.log",
            @"msiexec.exe /i ""D:\Octopus Installers\Octopus.2023.1.9000-x64.msi"" /quiet /norestart RUNMANAGERONEXIT=no /l*v ""D:\Upgrade Logs\install.log""")]
        public void Builds_the_silent_install_command_line_exactly(string msi, string log, string expected) =>
            Assert.Equal(expected, MsiexecCommandLine.Describe(MsiexecCommandLine.Install(msi, log)));

        [Theory]
        [InlineData(@"C:\Installers\Octopus.2024.1.5000-x64.msi", @"C:\Upgrade\install.uninstall.log",
            @"msiexec.exe /x C:\Installers\Octopus.2024.1.5000-x64.msi /quiet /norestart /l*v C:\Upgrade\install.uninstall.log")]
        [InlineData(@"D:\Octopus Installers\Octopus.2024.1.5000-x64.msi", @"D:\Upgrade Logs\install.uninstall.log",
            @"msiexec.exe /x ""D:\Octopus Installers\Octopus.2024.1.5000-x64.msi"" /quiet /norestart /l*v ""D:\Upgrade Logs\install.uninstall.log""")]
        public void Builds_the_silent_uninstall_command_line_exactly(string msi, string log, string expected) =>
            Assert.Equal(expected, MsiexecCommandLine.Describe(MsiexecCommandLine.Uninstall(msi, log)));

        [Theory]
        [InlineData("", "log")]
        [InlineData("x.msi", " ")]
        public void An_empty_msi_or_log_path_is_refused(string msi, string log) =>
            Assert.Throws<ArgumentException>(() => MsiexecCommandLine.Install(msi, log));

        [Theory]
        [InlineData(0, true, "ERROR_SUCCESS")]
        [InlineData(3010, true, "ERROR_SUCCESS_REBOOT_REQUIRED")]
        [InlineData(1603, false, "ERROR_INSTALL_FAILURE")]
        [InlineData(1618, false, "ERROR_INSTALL_ALREADY_RUNNING")]
        [InlineData(1638, false, "ERROR_PRODUCT_VERSION")]
        [InlineData(1641, false, "ERROR_SUCCESS_REBOOT_INITIATED")]
        [InlineData(1619, false, "ERROR_INSTALL_PACKAGE_OPEN_FAILED")]
        [InlineData(4242, false, "exit code 4242")]
        public void Each_exit_code_has_its_name_and_only_0_and_3010_are_successes(int code, bool success, string name)
        {
            var meaning = MsiExitCode.For(code);

            Assert.Equal((code, success, name), (meaning.Code, meaning.IsSuccess, meaning.Name));
            Assert.False(string.IsNullOrWhiteSpace(meaning.Meaning));
        }

        [Theory]
        [InlineData(1603, InstallErrorIds.Failed)]
        [InlineData(1618, InstallErrorIds.AnotherInstallRunning)]
        [InlineData(1638, InstallErrorIds.AnotherVersionInstalled)]
        [InlineData(1625, InstallErrorIds.ExitCode)]
        [InlineData(4242, InstallErrorIds.ExitCode)]
        public void A_failed_exit_code_becomes_an_error_with_its_own_id_naming_the_code(int code, string errorId)
        {
            var error = MsiExitCode.For(code).ToError(@"C:\i\Octopus.msi", @"C:\i\install.log", "Action ended: InstallFinalize. Return value 3.");

            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
            Assert.Contains(@"C:\i\install.log", error.Message, StringComparison.Ordinal);
            Assert.Equal(code == 1603, error.Message.Contains("Return value 3.", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3010)]
        public void A_success_is_not_turned_into_an_error(int code) =>
            Assert.Throws<InvalidOperationException>(() => MsiExitCode.For(code).ToError("a.msi", "a.log", null));

        [Theory]
        [InlineData(0, 0)]
        [InlineData(67, 1603)]
        [InlineData(82, 1618)]
        [InlineData(102, 1638)]
        [InlineData(194, 3010)]
        [InlineData(1603, 1603)]
        [InlineData(7, 7)]
        public void A_process_exit_code_outside_windows_is_read_back_from_its_low_8_bits(int processExitCode, int meant)
        {
            var expected = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? processExitCode : meant;

            Assert.Equal(expected, MsiExitCode.ForProcess(processExitCode).Code);
        }

        [Fact]
        public void The_relevant_part_of_a_failed_log_ends_at_the_action_that_returned_3()
        {
            var log = string.Join("\r\n",
                "=== Verbose logging started: 30/11/2026  01:00:00  Build type: SHIP UNICODE 5.00.10011.00 ===",
                "MSI (s) (A8:1C) [01:00:01:000]: Product: Octopus Deploy Server -- Installation started.",
                "Action start 01:00:02: InstallServices.",
                "Error 1923. Service 'OctopusDeploy' could not be installed. Verify that you have sufficient privileges to install system services.",
                "Action ended 01:00:03: InstallServices. Return value 3.",
                "Action ended 01:00:04: INSTALL. Return value 3.",
                "MSI (s) (A8:1C) [01:00:05:000]: Product: Octopus Deploy Server -- Installation failed.");

            var relevant = MsiLog.Relevant(log);

            Assert.Contains("Error 1923. Service 'OctopusDeploy' could not be installed.", relevant, StringComparison.Ordinal);
            Assert.EndsWith("Action ended 01:00:03: InstallServices. Return value 3.", relevant, StringComparison.Ordinal);
        }

        [Fact]
        public void A_utf16_log_without_a_failed_action_gives_its_last_lines()
        {
            using var folder = new TempFolder();
            var path = folder.Combine("install.log");
            File.WriteAllText(path, string.Join("\r\n", Enumerable.Range(1, 40).Select(i => "line " + i)), Encoding.Unicode);

            var relevant = MsiLog.RelevantTail(path);

            Assert.StartsWith("line 26 | ", relevant, StringComparison.Ordinal);
            Assert.EndsWith("line 40", relevant, StringComparison.Ordinal);
            Assert.Null(MsiLog.RelevantTail(folder.Combine("missing.log")));
        }
    }
}
