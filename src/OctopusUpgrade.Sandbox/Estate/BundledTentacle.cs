namespace OctopusUpgrade.Sandbox;

/// <summary>
/// Which Tentacle version each server era bundles. UNCONFIRMED: 3.x Tentacles followed the server's own version, and
/// the later entries are representative releases of each era, not checked against release notes. Override with
/// <see cref="SandboxAssumptions.BundledTentacleVersion"/>.
/// </summary>
internal static class BundledTentacle
{
    public static string For(ServerVersion server, SandboxAssumptions assumptions)
    {
        if (assumptions.BundledTentacleVersion is { } configured)
        {
            return configured;
        }

        return server.Major switch
        {
            < 3 => "2.6.5",
            < 2018 => server.Text,
            2018 => "3.25.0",
            2019 => "5.0.0",
            < 2022 => "6.0.0",
            _ => "8.1.2229",
        };
    }
}
