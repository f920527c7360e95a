using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Engine.Server
{
    /// <summary>One run of a command-line tool, as <see cref="OctopusToolRunner"/> takes it.</summary>
    public sealed record OctopusToolInvocation(string ExecutablePath, IReadOnlyList<string> Arguments)
    {
        /// <summary>
        /// Standard output carries a secret the masker cannot know yet (<c>show-master-key</c>): it is neither echoed,
        /// streamed nor quoted in an error; standard error still is, masked.
        /// </summary>
        public bool SecretOutput { get; init; }

        /// <summary>How long the tool may run on the runner's clock; none when null.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>
        /// Each line the tool prints (standard output and error, masked), as it arrives: a step turns it into progress.
        /// Called on the thread that reads the tool's output, so it must be quick and thread-safe.
        /// </summary>
        public Action<string>? OnLine { get; init; }

        /// <summary>
        /// Exit codes that end the run with a result rather than an error: the caller explains them (msiexec's 3010,
        /// a database upgrade's failed pre-conditions). Zero alone when empty.
        /// </summary>
        public IReadOnlyCollection<int> ReturnedExitCodes { get; init; } = Array.Empty<int>();

        /// <summary>Every exit code ends the run with a result: the caller explains them all (msiexec's table names codes it does not list).</summary>
        public bool ReturnsAnyExitCode { get; init; }

        internal bool Returns(int exitCode) => exitCode == 0 || ReturnsAnyExitCode || ReturnedExitCodes.Contains(exitCode);
    }
}
