using System.Diagnostics;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>Runs a child process to completion and captures its output.</summary>
    internal static class ChildProcess
    {
        public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, params string[] arguments)
        {
            var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
    }
}
