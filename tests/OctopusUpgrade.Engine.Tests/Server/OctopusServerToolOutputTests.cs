using System.IO;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Tests.Api;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tests.Server
{
    /// <summary>Reading Octopus.Server.exe's JSON output, including the log lines real servers print before it.</summary>
    public sealed class OctopusServerToolOutputTests
    {
        private const string LogLinesBefore =
            "Migrating settings from registry to the configuration file\n"
            + "2019-03-14 10:01:02.0000 ERROR NLog: System.IO.IOException: The process cannot access the file\n"
            + "   at NLog.Targets.FileTarget.Write(LogEventInfo logEvent)\n";

        [Theory]
        [InlineData("{\"InformationalVersion\":\"2024.1.1234+Branch.main\",\"MajorMinorPatch\":\"2024.1.1234\",\"NuGetVersion\":\"2024.1.1234\"}", "2024.1.1234")]
        [InlineData(LogLinesBefore + "{\n  \"MajorMinorPatch\": \"2018.10.1\"\n}\n", "2018.10.1")]
        [InlineData("{\"InformationalVersion\":\"\",\"NuGetVersion\":\"2020.2.3-ci0042\"}", "2020.2.3-ci0042")]
        public void Reads_the_version_from_the_json(string output, string expected) =>
            Assert.Equal(OctopusVersion.Parse(expected), OctopusServerToolOutput.ParseVersion(output));

        [Theory]
        [InlineData("[{\"InstanceName\":\"OctopusServer\",\"ConfigurationFilePath\":\"C:\\\\Octopus\\\\OctopusServer.config\"}]", new[] { "OctopusServer" })]
        [InlineData(LogLinesBefore + "[\n {\"InstanceName\": \"OctopusServer\"},\n {\"InstanceName\": \"Staging Server\"}\n]", new[] { "OctopusServer", "Staging Server" })]
        [InlineData("[]", new string[0])]
        public void Reads_the_instance_names(string output, string[] expected) =>
            Assert.Equal(expected, OctopusServerToolOutput.ParseInstances(output));

        [Fact]
        public void Reads_flat_configuration_keys_after_log_lines_with_booleans_as_json_or_as_strings()
        {
            var output = LogLinesBefore + "{\n  \"Octopus.Home\": \"C:\\\\Octopus\",\n  \"Octopus.Server.MaintenanceMode\": false,\n  \"Octopus.WebPortal.ForceSSL\": \"True\",\n  \"Octopus.Server.TaskCap\": 5,\n  \"Octopus.Watchdog.Instances\": null\n}";

            var configuration = OctopusServerToolOutput.ParseConfiguration(output);

            Assert.Equal(@"C:\Octopus", configuration.Get("Octopus.Home"));
            Assert.False(configuration.GetBoolean("Octopus.Server.MaintenanceMode"));
            Assert.True(configuration.GetBoolean("Octopus.WebPortal.ForceSSL"));
            Assert.Equal("5", configuration.Get("Octopus.Server.TaskCap"));
            Assert.Null(configuration.GetBoolean("Octopus.Server.TaskCap"));
            Assert.Null(configuration.Get("Octopus.Watchdog.Instances"));
        }

        [Fact]
        public void Reads_the_recorded_hierarchical_configuration_into_the_same_flat_keys()
        {
            var recorded = FixtureFolder.Read(Path.Combine("cli-output", "octopus.server_show-configuration_json-hierarchical_octopusdsc.json"));

            var configuration = OctopusServerToolOutput.ParseConfiguration(recorded);

            Assert.Equal(@"C:\Octopus", configuration.Get("Octopus.Home"));
            Assert.Equal("10943", configuration.Get("Octopus.Communications.ServicesPort"));
            Assert.True(configuration.GetBoolean("Octopus.WebPortal.ForceSSL"));
            Assert.False(configuration.GetBoolean("Octopus.Watchdog.Enabled"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("Octopus.Server.exe: error: unknown option --format")]
        [InlineData("{ \"InformationalVersion\": ")]
        [InlineData("{ \"Something\": \"else\" }")]
        public void Output_without_a_readable_version_is_a_clear_error(string output)
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => OctopusServerToolOutput.ParseVersion(output));

            Assert.Equal(OctopusToolErrorIds.UnreadableOutput, error.ErrorId);
        }

        [Fact]
        public void An_unreadable_configuration_error_does_not_quote_the_output_which_holds_the_connection_string()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => OctopusServerToolOutput.ParseConfiguration("{ \"Octopus.Storage.ExternalDatabaseConnectionString\": \"Password=Sup3rSecret;"));

            Assert.DoesNotContain("Sup3rSecret", error.Message, System.StringComparison.Ordinal);
        }
    }
}
