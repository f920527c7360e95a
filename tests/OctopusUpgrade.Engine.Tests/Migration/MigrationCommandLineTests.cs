using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;

namespace OctopusUpgrade.Engine.Tests.Migration
{
    /// <summary>The migration's command lines (Octopus.Migrator.exe migrate, Octopus.Server.exe license) as exact strings per scenario.</summary>
    public sealed class MigrationCommandLineTests
    {
        private const string Backup = @"C:\Octopus\Backup\OctopusBackup-20150701-120000.octobak";

        public static TheoryData<string, MigrationRequest, string> Migrations() => new()
        {
            { "all data", new MigrationRequest(Backup), @"migrate --console --instance=OctopusServer --file=C:\Octopus\Backup\OctopusBackup-20150701-120000.octobak --master-key=KEY" },
            { "max age and no logs", new MigrationRequest(Backup) { MaxAge = 90, NoLogs = true }, @"migrate --console --instance=OctopusServer --file=C:\Octopus\Backup\OctopusBackup-20150701-120000.octobak --master-key=KEY --maxage=90 --nologs" },
            { "only logs later", new MigrationRequest(Backup) { OnlyLogs = true }, @"migrate --console --instance=OctopusServer --file=C:\Octopus\Backup\OctopusBackup-20150701-120000.octobak --master-key=KEY --onlylogs" },
            { "no overwrite", new MigrationRequest(Backup) { NoOverwrite = true, MaxAge = 30 }, @"migrate --console --instance=OctopusServer --file=C:\Octopus\Backup\OctopusBackup-20150701-120000.octobak --master-key=KEY --maxage=30 --nooverwrite" },
            { "preview", new MigrationRequest(Backup) { Preview = true, NoLogs = true }, @"migrate --console --instance=OctopusServer --file=C:\Octopus\Backup\OctopusBackup-20150701-120000.octobak --master-key=KEY --nologs --dry-run" },
            { "a path with spaces", new MigrationRequest(@"D:\Old Server\Backup\b.octobak"), @"migrate --console --instance=OctopusServer ""--file=D:\Old Server\Backup\b.octobak"" --master-key=KEY" },
        };

        [Theory]
        [MemberData(nameof(Migrations))]
        public void Migrate_command_line(string scenario, MigrationRequest request, string expected) =>
            Assert.True(expected == Line(MigratorCommandLine.Migrate("OctopusServer", request, "KEY")), scenario + ": " + Line(MigratorCommandLine.Migrate("OctopusServer", request, "KEY")));

        [Fact]
        public void A_named_instance_and_the_shown_line_with_the_key_masked()
        {
            var install = @"C:\Program Files\Octopus Deploy\Octopus";

            var shown = MigratorCommandLine.Describe(install, MigratorCommandLine.Migrate("Second Node", new MigrationRequest(Backup), Secret.Mask));

            Assert.Equal(
                "\"" + System.IO.Path.Combine(install, "Octopus.Migrator.exe") + "\" migrate --console \"--instance=Second Node\" --file=" + Backup + " --master-key=" + Secret.Mask,
                shown);
        }

        [Fact]
        public void Without_an_install_folder_no_command_line_is_shown() =>
            Assert.Equal(OctopusServerCommandLine.NoInstallFolder, MigratorCommandLine.Describe(null, MigratorCommandLine.Migrate("OctopusServer", new MigrationRequest(Backup), "KEY")));

        [Theory]
        [InlineData("OctopusServer", @"C:\Backups\License.xml", @"license --console --instance OctopusServer --licenseFile=C:\Backups\License.xml")]
        [InlineData("My Instance", @"C:\Back ups\License.xml", @"license --console --instance ""My Instance"" ""--licenseFile=C:\Back ups\License.xml""")]
        public void License_command_line(string instance, string file, string expected) =>
            Assert.Equal(expected, Line(OctopusServerCommandLine.License(instance, file)));

        [Fact]
        public void An_empty_key_is_refused() =>
            Assert.Throws<ArgumentException>(() => MigratorCommandLine.Migrate("OctopusServer", new MigrationRequest(Backup), ""));

        private static string Line(IReadOnlyList<string> arguments) => WindowsCommandLine.Join(arguments);
    }
}
