namespace OctopusUpgrade.Sandbox
{
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
                // 2.6 Tentacles report four-part versions, as the recorded 2.6.5 server's did.
                < 3 => server.Text.Split('.').Length == 4 ? server.Text : "2.6.5.1010",
                < 2018 => server.Text,
                2018 => "3.25.0",
                2019 => "5.0.0",
                < 2022 => "6.0.0",
                _ => "8.1.2229",
            };
        }
    }
}
