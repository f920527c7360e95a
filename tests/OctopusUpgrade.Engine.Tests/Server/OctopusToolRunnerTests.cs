using System;
using System.IO;
using System.Linq;
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

            Assert.False(IsAlive(int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture)), "the tool's child process survived");
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

        [Fact]
        public async Task Streams_each_line_to_the_callback_before_the_tool_prints_the_next()
        {
            // The tool prints its second line only once the callback has seen the first, or "unstreamed" after ten seconds.
            var seen = Path.Combine(_folder, "seen");
            var tool = Script("stream.exe", $"echo first; i=0; while [ ! -f '{seen}' ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ -f '{seen}' ] && echo second || echo unstreamed");
            var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var invocation = new OctopusToolInvocation(tool, Array.Empty<string>())
            {
                OnLine = line =>
                {
                    lines.Enqueue(line);
                    File.WriteAllText(seen, line);
                },
            };

            await new OctopusToolRunner(_reporter).RunAsync(invocation, CancellationToken.None);

            Assert.Equal(new[] { "first", "second" }, lines);
        }

        [Fact]
        public async Task Streamed_lines_are_masked_and_a_secret_standard_output_is_not_streamed()
        {
            const string key = "MASTER-KEY-5ecret+Value==";
            var masker = new SecretMasker();
            masker.Add(new Secret(key));
            var tool = Script("key.exe", $"echo 'key {key}'; echo 'to error {key}' >&2");
            var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();

            await new OctopusToolRunner(_reporter, masker).RunAsync(new OctopusToolInvocation(tool, Array.Empty<string>()) { OnLine = lines.Enqueue }, CancellationToken.None);
            var secretRun = new System.Collections.Concurrent.ConcurrentQueue<string>();
            await new OctopusToolRunner(_reporter, masker).RunAsync(new OctopusToolInvocation(tool, Array.Empty<string>()) { OnLine = secretRun.Enqueue, SecretOutput = true }, CancellationToken.None);

            Assert.Equal(new[] { "key " + Secret.Mask, "to error " + Secret.Mask }, lines.OrderBy(l => l.Length));
            Assert.Equal(new[] { "to error " + Secret.Mask }, secretRun);
        }

        [Theory]
        // Exit codes below 256: a Linux process's code is taken modulo 256 (msiexec's 3010 only exists on Windows).
        [InlineData(42, new[] { 42 }, true)]
        [InlineData(17, new[] { 16, 17 }, true)]
        [InlineData(0, new int[0], true)]
        [InlineData(1, new[] { 42 }, false)]
        [InlineData(42, new int[0], false)]
        public async Task An_exit_code_the_caller_asked_for_is_kept_on_the_result_and_any_other_is_an_error(int exitCode, int[] returned, bool kept)
        {
            var tool = Script("code.exe", $"echo done; exit {exitCode}");
            var run = new OctopusToolRunner(_reporter).RunAsync(new OctopusToolInvocation(tool, Array.Empty<string>()) { ReturnedExitCodes = returned }, CancellationToken.None);

            if (kept)
            {
                Assert.Equal(exitCode, (await run).ExitCode);
            }
            else
            {
                var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => run);
                Assert.Equal(OctopusToolErrorIds.Failed, error.ErrorId);
                Assert.Contains("exit code " + exitCode, error.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task A_timed_out_tool_is_ended_with_the_processes_it_started()
        {
            var marker = Path.Combine(_folder, "child.pid");
            var tool = Script("hang.exe", $"sleep 300 & echo $! > '{marker}'; echo waiting; wait");
            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
            var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporter.OnVerbose = line => { if (line == "waiting") { started.TrySetResult(true); } };

            var run = new OctopusToolRunner(_reporter, timeProvider: clock).RunAsync(tool, Array.Empty<string>(), CancellationToken.None, TimeSpan.FromMinutes(1));
            await started.Task;
            clock.Advance(TimeSpan.FromMinutes(1));
            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));

            Assert.Equal(OctopusToolErrorIds.TimedOut, error.ErrorId);
            Assert.False(IsAlive(int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture)), "the tool's child process survived the timeout");
        }

        [Fact]
        public void The_shown_command_line_quotes_as_windows_splits_it_and_masks_secrets()
        {
            var masker = new SecretMasker();
            masker.Add(new Secret("s3cret pass"));
            var invocation = new OctopusToolInvocation(Path.Combine(_folder, "Octopus.Server.exe"), new[] { "database", "--console", "--connectionString", "Password=s3cret pass", "--instance", @"C:\My Home\" });

            var shown = new OctopusToolRunner(_reporter, masker).Shown(invocation);

            Assert.Equal(@"Octopus.Server.exe database --console --connectionString ""Password=" + Secret.Mask + @""" --instance ""C:\My Home\\""", shown);
        }

        [Fact]
        public void The_liveness_check_sees_a_running_process_so_a_process_reported_ended_has_ended()
        {
            // Without this, a check that cannot see processes at all would make every "the child did not survive" pass.
            using var sleeper = System.Diagnostics.Process.Start("sleep", "600");
            try
            {
                Assert.True(IsAlive(sleeper.Id));
            }
            finally
            {
                sleeper.Kill();
                sleeper.WaitForExit();
            }

            Assert.False(IsAlive(sleeper.Id));
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

        // A zombie (ended, not yet reaped by its parent) counts as ended: /proc's stat tells. Without /proc (macOS) a
        // missing folder would read as "ended" for every process, so the process table answers there instead.
        private static bool IsAlive(int pid)
        {
            if (Directory.Exists("/proc/self"))
            {
                return Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
            }

            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
