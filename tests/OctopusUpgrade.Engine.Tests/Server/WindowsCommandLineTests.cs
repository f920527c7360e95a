using OctopusUpgrade.Engine.Server;

namespace OctopusUpgrade.Engine.Tests.Server
{
    public sealed class WindowsCommandLineTests
    {
        // Expected forms follow the CommandLineToArgvW rules the Windows C runtime splits a command line by.
        [Theory]
        [InlineData("service", "service")]
        [InlineData("--instance=OctopusServer", "--instance=OctopusServer")]
        [InlineData("", "\"\"")]
        [InlineData("Octopus Server", "\"Octopus Server\"")]
        [InlineData(@"C:\Program Files\Octopus\", "\"C:\\Program Files\\Octopus\\\\\"")]
        [InlineData(@"C:\Octopus\Packages", @"C:\Octopus\Packages")]
        [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
        [InlineData("a\\\"b c", "\"a\\\\\\\"b c\"")]
        public void Quotes_an_argument_so_it_splits_back_unchanged(string argument, string expected) =>
            Assert.Equal(expected, WindowsCommandLine.Quote(argument));
    }
}
