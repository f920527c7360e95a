using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Server
{
    /// <summary>
    /// Runs an Octopus command-line tool (<c>Octopus.Server.exe</c>, <c>Octopus.Migrator.exe</c>, …): arguments are
    /// passed as a list, never pasted into a string, so a path with spaces or quotes reaches the tool intact; output
    /// is captured, echoed as verbose lines and streamed line by line to the invocation's callback; an exit code the
    /// caller did not ask to have returned is an error; a timeout or cancelling kills the tool and everything it started
    /// (on .NET Framework through <c>taskkill /T</c>, which cannot run here: only the net8.0 path is exercised). Everything it says (the command line, each output line, errors) passes through the
    /// session's <see cref="SecretMasker"/> first: a tool's arguments or output may carry a key or a password.
    /// </summary>
    public sealed class OctopusToolRunner
    {
        /// <summary>
        /// What .NET's <c>ServiceBase.Run</c> prints when an Octopus executable, started without <c>--console</c> by a caller
        /// that is not interactive, tries to be a Windows service host. The exit code that follows is not known, so the
        /// text alone marks the run as one that did nothing.
        /// </summary>
        internal const string ServiceHostMessage = "Cannot start service from the command line or a debugger";

        /// <summary>How long output may keep arriving after the tool exits (a child it started can hold the pipes open).</summary>
        private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(5);

        private readonly IOperationReporter _reporter;
        private readonly SecretMasker _masker;
        private readonly TimeProvider _time;

        public OctopusToolRunner(IOperationReporter reporter, SecretMasker? masker = null, TimeProvider? timeProvider = null)
        {
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            _masker = masker ?? new SecretMasker();
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <summary>
        /// Runs the tool to its end, or until <paramref name="timeout"/> passes on the runner's clock: a tool that hangs
        /// (a service that never finishes stopping) is killed with everything it started, and the run fails.
        /// </summary>
        /// <exception cref="OctopusUpgradeException"><c>OctopusToolNotFound</c>, <c>OctopusToolFailed</c> (non-zero exit code) or <c>OctopusToolTimedOut</c>.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; the tool's process tree has been killed.</exception>
        public Task<OctopusToolResult> RunAsync(string executablePath, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default, TimeSpan? timeout = null) =>
            RunAsync(new OctopusToolInvocation(executablePath, arguments) { Timeout = timeout }, cancellationToken);

        /// <summary>As <see cref="RunAsync(OctopusToolInvocation, CancellationToken)"/>, for a tool whose standard output is a secret.</summary>
        public Task<OctopusToolResult> RunAsync(string executablePath, IReadOnlyList<string> arguments, bool secretOutput, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
            RunAsync(new OctopusToolInvocation(executablePath, arguments) { SecretOutput = secretOutput, Timeout = timeout }, cancellationToken);

        /// <summary>
        /// Runs the tool to its end, or until the invocation's timeout passes on the runner's clock: a tool that hangs is
        /// killed with everything it started, and the run fails. An exit code other than zero and the invocation's
        /// <see cref="OctopusToolInvocation.ReturnedExitCodes"/> is an error quoting the tool's last lines.
        /// </summary>
        /// <exception cref="OctopusUpgradeException"><c>OctopusToolNotFound</c>, <c>OctopusToolFailed</c>, <c>OctopusToolRanAsService</c> or <c>OctopusToolTimedOut</c>.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; the tool's process tree has been killed.</exception>
        public async Task<OctopusToolResult> RunAsync(OctopusToolInvocation invocation, CancellationToken cancellationToken)
        {
            if (invocation is null)
            {
                throw new ArgumentNullException(nameof(invocation));
            }

            using var deadline = Deadline.After(invocation.Timeout ?? Timeout.InfiniteTimeSpan, _time, cancellationToken);
            try
            {
                return await RunToEndAsync(invocation, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.HasPassed)
            {
                throw new OctopusUpgradeException(
                    OctopusToolErrorIds.TimedOut,
                    FailureCategory.OperationTimeout,
                    $"'{Shown(invocation)}' did not finish within {deadline.Duration.TotalSeconds:0.###} s, so it was stopped, with everything it started. Check the Octopus Server's logs for what it was waiting on.",
                    invocation.ExecutablePath);
            }
        }

        /// <summary>The command line as the runner reports it: the tool's file name and its arguments quoted as Windows splits them, masked.</summary>
        public string Shown(OctopusToolInvocation invocation) =>
            _masker.Mask(WindowsCommandLine.Join(new[] { Path.GetFileName((invocation ?? throw new ArgumentNullException(nameof(invocation))).ExecutablePath) }.Concat(invocation.Arguments)));

        /// <summary>Fails with <c>OctopusToolNotFound</c> unless the tool is there: a step checks it before it changes anything.</summary>
        public static void RequireExecutable(string executablePath)
        {
            if (!File.Exists(executablePath))
            {
                throw new OctopusUpgradeException(
                    OctopusToolErrorIds.NotFound,
                    FailureCategory.ObjectNotFound,
                    $"'{executablePath}' does not exist. Check the session's install folder.",
                    executablePath);
            }
        }

        private async Task<OctopusToolResult> RunToEndAsync(OctopusToolInvocation invocation, CancellationToken cancellationToken)
        {
            var executablePath = invocation.ExecutablePath;
            var secretOutput = invocation.SecretOutput;
            RequireExecutable(executablePath);

            var commandLine = Shown(invocation);
            _reporter.Verbose("Running " + commandLine);
            var output = new StringBuilder();
            var error = new StringBuilder();
            using var process = new Process { StartInfo = StartInfo(executablePath, invocation.Arguments), EnableRaisingEvents = true };
            var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.Exited += (_, _) => exited.TrySetResult(true);
            var outputEnded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var errorEnded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) => Capture(output, e.Data, outputEnded, secretOutput ? null : invocation.OnLine, echo: !secretOutput);
            process.ErrorDataReceived += (_, e) => Capture(error, e.Data, errorEnded, invocation.OnLine, echo: true);
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new OctopusUpgradeException(OctopusToolErrorIds.Failed, FailureCategory.InvalidOperation, $"'{commandLine}' could not be started: {e.Message}", executablePath, e);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using (cancellationToken.Register(() => KillTree(process)))
            {
                await exited.Task.ConfigureAwait(false);

                // A process the tool started may still hold its output open; what arrived within the grace is enough.
                await Task.WhenAny(Task.WhenAll(outputEnded.Task, errorEnded.Task), Task.Delay(OutputDrainGrace, cancellationToken)).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var result = new OctopusToolResult(process.ExitCode, output.ToString(), error.ToString());
            if (result.StandardOutput.Contains(ServiceHostMessage) || result.StandardError.Contains(ServiceHostMessage))
            {
                throw new OctopusUpgradeException(
                    OctopusToolErrorIds.RanAsService,
                    FailureCategory.InvalidOperation,
                    $"'{commandLine}' started as a Windows service host instead of running the command (exit code {result.ExitCode}), so it did nothing. "
                    + "Octopus executables do this when the caller is not interactive and --console is missing.",
                    executablePath);
            }

            if (!invocation.Returns(result.ExitCode))
            {
                var said = (result.StandardError.Trim().Length > 0 || secretOutput ? result.StandardError : result.StandardOutput).Trim();
                throw new OctopusUpgradeException(
                    OctopusToolErrorIds.Failed,
                    FailureCategory.InvalidOperation,
                    $"'{commandLine}' failed with exit code {result.ExitCode}: {_masker.Mask(LastLines(said))}",
                    executablePath);
            }

            return result;
        }

        private static ProcessStartInfo StartInfo(string executablePath, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(executablePath)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                WorkingDirectory = Path.GetDirectoryName(executablePath) ?? string.Empty,
            };
#if NET
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
#else
            start.Arguments = WindowsCommandLine.Join(arguments);
#endif
            return start;
        }

        private void Capture(StringBuilder into, string? line, TaskCompletionSource<bool> ended, Action<string>? onLine, bool echo)
        {
            if (line is null)
            {
                ended.TrySetResult(true);
                return;
            }

            lock (into)
            {
                into.AppendLine(line);
            }

            if (echo)
            {
                var masked = _masker.Mask(line);
                _reporter.Verbose(masked);
                onLine?.Invoke(masked);
            }
        }

        private static void KillTree(Process process)
        {
            try
            {
#if NET
                process.Kill(entireProcessTree: true);
#else
                // .NET Framework kills only the process itself; taskkill /T takes its children too.
                using var taskkill = Process.Start(new ProcessStartInfo("taskkill.exe", $"/PID {process.Id} /T /F") { UseShellExecute = false, CreateNoWindow = true });
                taskkill?.WaitForExit();
#endif
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited on its own in the meantime.
            }
        }

        private static string LastLines(string text)
        {
            var lines = text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return string.Join(" ", lines.Skip(Math.Max(0, lines.Length - 5)));
        }
    }
}
