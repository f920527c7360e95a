using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using OctopusUpgrade.Engine.Server;

namespace OctopusUpgrade.Engine.Tests.Server
{
    /// <summary>Every Octopus.Server.exe command line the engine builds, as an exact string per scenario.</summary>
    public sealed class OctopusServerCommandLineTests
    {
        [Theory]
        [InlineData("OctopusServer", "service --console --restart --instance OctopusServer")]
        [InlineData("Staging", "service --console --restart --instance Staging")]
        [InlineData("My Instance", "service --console --restart --instance \"My Instance\"")]
        [InlineData("Say \"hi\"", "service --console --restart --instance \"Say \\\"hi\\\"\"")]
        public void Restart_service(string instance, string expected) =>
            Assert.Equal(expected, Line(OctopusServerCommandLine.RestartService(instance)));

        [Theory]
        [InlineData("OctopusServer", "show-master-key --console --instance OctopusServer")]
        [InlineData("My Instance", "show-master-key --console --instance \"My Instance\"")]
        public void Show_master_key(string instance, string expected) =>
            Assert.Equal(expected, Line(OctopusServerCommandLine.ShowMasterKey(instance)));

        [Theory]
        [InlineData("OctopusServer", @"C:\Backups\server.json", @"show-configuration --console --instance OctopusServer --format=json --file=C:\Backups\server.json")]
        [InlineData("OctopusServer", @"C:\Back ups\server.json", @"show-configuration --console --instance OctopusServer --format=json ""--file=C:\Back ups\server.json""")]
        public void Show_configuration(string instance, string file, string expected) =>
            Assert.Equal(expected, Line(OctopusServerCommandLine.ShowConfiguration(instance, file)));

        // One row per scenario, in OctopusDSC's style: the command line exactly as the server receives it.
        public static TheoryData<string, IReadOnlyList<string>, string> Scenarios => new()
        {
            { "stop the default instance", OctopusServerCommandLine.StopService("OctopusServer"), "service --console --stop --instance OctopusServer" },
            { "stop a named instance with a space", OctopusServerCommandLine.StopService("Octopus Two"), "service --console --stop --instance \"Octopus Two\"" },
            { "start", OctopusServerCommandLine.StartService("OctopusServer"), "service --console --start --instance OctopusServer" },
            { "drain, no wait", OctopusServerCommandLine.DrainNode("OctopusServer", TimeSpan.Zero), "node --console --instance OctopusServer --drain=true --wait=0" },
            { "drain, ten minutes", OctopusServerCommandLine.DrainNode("OctopusServer", TimeSpan.FromMinutes(10)), "node --console --instance OctopusServer --drain=true --wait=600" },
            { "drain, part seconds round up", OctopusServerCommandLine.DrainNode("OctopusServer", TimeSpan.FromMilliseconds(1500)), "node --console --instance OctopusServer --drain=true --wait=2" },
            { "resume", OctopusServerCommandLine.ResumeNode("OctopusServer"), "node --console --instance OctopusServer --drain=false" },
            { "database upgrade", OctopusServerCommandLine.UpgradeDatabase("OctopusServer", skipLicenseCheck: false), "database --console --instance OctopusServer --upgrade" },
            { "database upgrade past the license check", OctopusServerCommandLine.UpgradeDatabase("OctopusServer", skipLicenseCheck: true), "database --console --instance OctopusServer --upgrade --skipLicenseCheck" },
            { "configuration to the console", OctopusServerCommandLine.ShowConfiguration("OctopusServer"), "show-configuration --console --instance OctopusServer --format=json" },
            { "version", OctopusServerCommandLine.Version(), "version --console --format=json" },
            { "instances", OctopusServerCommandLine.ListInstances(), "list-instances --console --format=json" },
            { "watchdog removed", OctopusServerCommandLine.DeleteWatchdog(), "watchdog --console --delete" },
            { "watchdog recreated", OctopusServerCommandLine.CreateWatchdog("OctopusServer", 5), "watchdog --console --create --instances OctopusServer --interval 5" },
            { "watchdog recreated for all", OctopusServerCommandLine.CreateWatchdog("*", 10), "watchdog --console --create --instances * --interval 10" },
            { "check services", OctopusServerCommandLine.CheckServices("*"), "checkservices --console --instances *" },
        };

        [Theory]
        [MemberData(nameof(Scenarios))]
        public void Builds_the_exact_command_line_for_each_scenario(string scenario, IReadOnlyList<string> arguments, string expected) =>
            Assert.True(expected == Line(arguments), scenario + ": " + Line(arguments));

        [Fact]
        public void A_negative_drain_wait_or_a_watchdog_interval_below_a_minute_is_refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => OctopusServerCommandLine.DrainNode("OctopusServer", TimeSpan.FromSeconds(-1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => OctopusServerCommandLine.CreateWatchdog("OctopusServer", 0));
        }

        [Fact]
        public void Every_command_line_the_class_builds_carries_the_console_switch_after_the_command()
        {
            var builders = typeof(OctopusServerCommandLine).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.ReturnType == typeof(IReadOnlyList<string>))
                .ToList();

            Assert.NotEmpty(builders);
            foreach (var builder in builders)
            {
                var arguments = (IReadOnlyList<string>)builder.Invoke(null, builder.GetParameters().Select(Sample).ToArray())!;
                Assert.True(arguments.Count >= 2 && arguments[1] == OctopusServerCommandLine.ConsoleSwitch, builder.Name + ": " + Line(arguments));
                Assert.Single(arguments, a => a == OctopusServerCommandLine.ConsoleSwitch);
            }
        }

        [Fact]
        public void The_shown_command_line_names_the_executable_under_the_install_folder()
        {
            var installPath = Path.Combine(Path.GetTempPath(), "Octopus Deploy", "Octopus");

            var shown = OctopusServerCommandLine.Describe(installPath, OctopusServerCommandLine.RestartService("OctopusServer"));

            Assert.Equal("\"" + Path.Combine(installPath, "Octopus.Server.exe") + "\" service --console --restart --instance OctopusServer", shown);
        }

        [Fact]
        public void Without_an_install_folder_no_command_line_is_shown()
        {
            var shown = OctopusServerCommandLine.Describe(null, OctopusServerCommandLine.RestartService("OctopusServer"));

            Assert.Equal(OctopusServerCommandLine.NoInstallFolder, shown);
            Assert.DoesNotContain(OctopusServerCommandLine.Executable, shown, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        public void An_empty_instance_name_is_refused(string instance) =>
            Assert.Throws<ArgumentException>(() => OctopusServerCommandLine.RestartService(instance));

        private static object Sample(ParameterInfo parameter) =>
            parameter.ParameterType == typeof(bool) ? true
            : parameter.ParameterType == typeof(int) ? 5
            : parameter.ParameterType == typeof(TimeSpan) ? TimeSpan.FromSeconds(30)
            : "sample-" + parameter.Name;

        private static string Line(IReadOnlyList<string> arguments) => WindowsCommandLine.Join(arguments);
    }
}
