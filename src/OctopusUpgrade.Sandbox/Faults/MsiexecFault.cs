namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// How the <c>msiexec</c> stand-in ends its next runs: with <paramref name="ExitCode"/> (0, 3010, 1603, 1618, 1638 or
    /// any other), and, for a success code, whether it really installs (<paramref name="Installs"/> false: it exits 0 and
    /// changes nothing, the case a step's exit-code check alone would call a success).
    /// </summary>
    public sealed record MsiexecFault(int ExitCode, bool Installs);
}
