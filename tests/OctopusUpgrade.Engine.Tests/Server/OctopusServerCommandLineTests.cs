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

        [Fact]
        public void Every_command_line_the_class_builds_carries_the_console_switch_after_the_command()
        {
            var builders = typeof(OctopusServerCommandLine).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.ReturnType == typeof(IReadOnlyList<string>))
                .ToList();

            Assert.NotEmpty(builders);
            foreach (var builder in builders)
            {
                var arguments = (IReadOnlyList<string>)builder.Invoke(null, builder.GetParameters().Select(p => (object)("sample-" + p.Name)).ToArray())!;
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

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        public void An_empty_instance_name_is_refused(string instance) =>
            Assert.Throws<ArgumentException>(() => OctopusServerCommandLine.RestartService(instance));

        private static string Line(IReadOnlyList<string> arguments) => WindowsCommandLine.Join(arguments);
    }
}
