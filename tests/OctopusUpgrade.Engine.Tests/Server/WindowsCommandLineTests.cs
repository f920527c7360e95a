using System.Collections.Generic;
using System.Text;
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
        [InlineData(@"C:\Octopus\", @"C:\Octopus\")]
        [InlineData(@"\\server\share\", @"\\server\share\")]
        [InlineData("tab\there", "\"tab\there\"")]
        [InlineData("\"", "\"\\\"\"")]
        [InlineData("--file=C:\\Back ups\\", "\"--file=C:\\Back ups\\\\\"")]
        [InlineData("RUNMANAGERONEXIT=no", "RUNMANAGERONEXIT=no")]
        public void Quotes_an_argument_so_it_splits_back_unchanged(string argument, string expected) =>
            Assert.Equal(expected, WindowsCommandLine.Quote(argument));

        [Theory]
        [InlineData("/i", @"C:\Octopus Installers\Octopus.2024.1.1-x64.msi", "/quiet", "/l*v", @"C:\Octopus\Logs\")]
        [InlineData("", "a\\\"b", "\\", "\"\"", "end\\")]
        [InlineData("--masterKey", "abc/def+ghi==", "--instance", "My \"Quoted\" Instance")]
        public void A_joined_command_line_splits_back_into_the_same_arguments(params string[] arguments) =>
            Assert.Equal(arguments, Split(WindowsCommandLine.Join(arguments)));

        // The CommandLineToArgvW rules, written from Microsoft's description ("Parsing C++ command-line arguments"), so the
        // quoting above is checked against an independent reading rather than against itself.
        private static List<string> Split(string commandLine)
        {
            var arguments = new List<string>();
            var i = 0;
            while (i < commandLine.Length)
            {
                while (i < commandLine.Length && commandLine[i] is ' ' or '\t')
                {
                    i++;
                }

                if (i == commandLine.Length)
                {
                    break;
                }

                var current = new StringBuilder();
                var quoted = false;
                while (i < commandLine.Length && (quoted || commandLine[i] is not (' ' or '\t')))
                {
                    var backslashes = 0;
                    while (i < commandLine.Length && commandLine[i] == '\\')
                    {
                        backslashes++;
                        i++;
                    }

                    if (i < commandLine.Length && commandLine[i] == '"')
                    {
                        current.Append('\\', backslashes / 2);
                        if (backslashes % 2 == 1)
                        {
                            current.Append('"');
                        }
                        else
                        {
                            quoted = !quoted;
                        }

                        i++;
                    }
                    else
                    {
                        current.Append('\\', backslashes);
                        if (i < commandLine.Length && (quoted || commandLine[i] is not (' ' or '\t')))
                        {
                            current.Append(commandLine[i++]);
                        }
                    }
                }

                arguments.Add(current.ToString());
            }

            return arguments;
        }
    }
}
