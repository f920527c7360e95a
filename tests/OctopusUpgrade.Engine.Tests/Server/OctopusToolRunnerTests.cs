using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Tests.Packages;

namespace OctopusUpgrade.Engine.Tests.Server
{
    /// <summary>The runner against small shell scripts standing in for an Octopus tool (these machines run Linux).</summary>
    public sealed class OctopusToolRunnerTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "ou-tool-" + Guid.NewGuid().ToString("N"));
        private readonly RecordingReporter _reporter = new();

        public OctopusToolRunnerTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public async Task Passes_each_argument_intact_and_captures_the_output()
        {
            var tool = Script("echo.exe", "for a in \"$@\"; do echo \"[$a]\"; done");

            var result = await new OctopusToolRunner(_reporter).RunAsync(tool, new[] { "service", "--instance", "My Instance", "it's \"quoted\"", "" });

            Assert.Equal("[service]\n[--instance]\n[My Instance]\n[it's \"quoted\"]\n[]\n", result.StandardOutput.Replace("\r", string.Empty));
            Assert.Contains("[My Instance]", _reporter.Verboses);
        }

        [Fact]
        public async Task A_non_zero_exit_code_is_an_error_quoting_what_the_tool_said()
        {
            var tool = Script("fail.exe", "echo \"Instance 'X' was not found.\" >&2; exit 3");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => new OctopusToolRunner(_reporter).RunAsync(tool, new[] { "service", "--restart" }));

            Assert.Equal((OctopusToolRunner.ToolFailedErrorId, FailureCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
            Assert.Contains("Instance 'X' was not found.", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_missing_tool_is_reported_before_anything_runs()
        {
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new OctopusToolRunner(_reporter).RunAsync(Path.Combine(_folder, "Octopus.Server.exe"), Array.Empty<string>()));

            Assert.Equal(OctopusToolRunner.ToolNotFoundErrorId, error.ErrorId);
        }

        [Fact]
        public async Task Cancelling_kills_the_tool_and_the_processes_it_started()
        {
            var marker = Path.Combine(_folder, "child.pid");
            var tool = Script("hang.exe", $"sleep 300 & echo $! > '{marker}'; echo started; wait");
            using var cancellation = new CancellationTokenSource();
            _reporter.OnVerbose = line =>
            {
                if (line == "started")
                {
                    cancellation.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new OctopusToolRunner(_reporter).RunAsync(tool, Array.Empty<string>(), cancellation.Token));

            var child = int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(Directory.Exists($"/proc/{child}") && !File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), "the tool's child process survived");
        }

        private string Script(string name, string body)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return path;
        }
    }
}
