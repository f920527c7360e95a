namespace OctopusUpgrade.Engine.Server
{
    /// <summary>What an Octopus command-line tool printed, once it exited with code 0.</summary>
    public sealed record OctopusToolResult(int ExitCode, string StandardOutput, string StandardError);
}
