using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Tests.Support;

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

            Assert.Equal((OctopusToolErrorIds.Failed, FailureCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
            Assert.Contains("Instance 'X' was not found.", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_secret_in_the_arguments_or_the_output_is_masked_everywhere_it_is_reported()
        {
            const string key = "MASTER-KEY-5ecret+Value==";
            var masker = new SecretMasker();
            masker.Add(new Secret(key));
            var tool = Script("leak.exe", "echo \"key is $2\"; echo \"bad key $2\" >&2; exit 1");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => new OctopusToolRunner(_reporter, masker).RunAsync(tool, new[] { "--masterKey", key }));

            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
            Assert.Contains(Secret.Mask, error.Message, StringComparison.Ordinal);
            Assert.All(_reporter.Verboses, line => Assert.DoesNotContain(key, line, StringComparison.Ordinal));
            Assert.Contains(_reporter.Verboses, line => line.Contains("key is " + Secret.Mask, StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_result_renders_no_output()
        {
            var tool = Script("print.exe", "echo 'the master key is ABC123'");

            var result = await new OctopusToolRunner(_reporter).RunAsync(tool, Array.Empty<string>());

            Assert.DoesNotContain("ABC123", result.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_child_that_keeps_the_output_open_does_not_hang_the_runner()
        {
            var tool = Script("spawn.exe", "sleep 60 & echo started");

            var result = await new OctopusToolRunner(_reporter).RunAsync(tool, Array.Empty<string>()).WaitAsync(TimeSpan.FromSeconds(40));

            Assert.Contains("started", result.StandardOutput, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_missing_tool_is_reported_before_anything_runs()
        {
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(
                () => new OctopusToolRunner(_reporter).RunAsync(Path.Combine(_folder, "Octopus.Server.exe"), Array.Empty<string>()));

            Assert.Equal(OctopusToolErrorIds.NotFound, error.ErrorId);
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

        [Fact]
        public async Task A_tool_that_outlives_its_timeout_is_stopped_and_the_run_fails()
        {
            var tool = Script("hang.exe", "echo waiting; sleep 600");
            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
            var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporter.OnVerbose = line => { if (line == "waiting") { started.TrySetResult(true); } };

            var run = new OctopusToolRunner(_reporter, timeProvider: clock).RunAsync(tool, new[] { "service", "--restart" }, CancellationToken.None, TimeSpan.FromMinutes(5));
            await started.Task;
            clock.Advance(TimeSpan.FromMinutes(5));
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));

            Assert.Equal((OctopusToolErrorIds.TimedOut, FailureCategory.OperationTimeout), (error.ErrorId, error.Category));
            Assert.Contains("hang.exe service --restart' did not finish within 300 s", error.Message, StringComparison.Ordinal);
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
