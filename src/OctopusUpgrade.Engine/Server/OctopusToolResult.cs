namespace OctopusUpgrade.Engine.Server
{
    /// <summary>What a command-line tool printed and the code it exited with (zero, or one its invocation asked to have returned).</summary>
    public sealed record OctopusToolResult(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>The exit code and sizes only: the output itself may hold a secret (show-master-key prints one).</summary>
        public override string ToString() => $"exit code {ExitCode}, {StandardOutput.Length} characters of output, {StandardError.Length} of errors";
    }
}
