using System;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Entry point: <c>start</c> (process mode), <c>tool octopus-server</c>, <c>tool octopus-migrator</c> and <c>tool msiexec</c> (the stand-ins) or help.</summary>
    internal static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length > 1 && args[0] == "tool" && args[1] == "octopus-server")
            {
                return await OctopusServerTool.RunAsync(args[2..], Console.Out, Console.Error).ConfigureAwait(false);
            }

            if (args.Length > 1 && args[0] == "tool" && args[1] == "octopus-migrator")
            {
                return await OctopusMigratorTool.RunAsync(args[2..], Console.Out, Console.Error).ConfigureAwait(false);
            }

            if (args.Length > 1 && args[0] == "tool" && args[1] == "msiexec")
            {
                return await MsiexecTool.RunAsync(args[2..], Console.Error).ConfigureAwait(false);
            }

            if (args.Length > 0 && args[0] == "start")
            {
                return await StartCommand.RunAsync(args[1..]).ConfigureAwait(false);
            }

            Console.WriteLine(StartCommand.Help);
            return args.Length == 0 || args[0] is "--help" or "-h" or "help" ? 0 : 2;
        }
    }
}
