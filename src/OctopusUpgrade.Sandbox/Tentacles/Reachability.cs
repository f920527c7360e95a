namespace OctopusUpgrade.Sandbox
{
    /// <summary>Whether the server can talk to a Tentacle now, and if not, why (the text its task log shows).</summary>
    internal static class Reachability
    {
        /// <summary>Null when reachable; otherwise the reason. Call under the estate lock.</summary>
        public static string? Problem(Estate estate, Machine machine)
        {
            if (!machine.IsOnline)
            {
                return "The machine did not respond.";
            }

            if (!TentacleVersion.CanTalk(estate.Version, machine.TentacleVersion))
            {
                return estate.Version.IsLegacy2x
                    ? "Tentacle " + machine.TentacleVersion + " speaks the 3.x (Halibut) protocol, which a 2.x server cannot use."
                    : "Tentacle " + machine.TentacleVersion + " speaks the 2.x protocol, which a 3.x or later server cannot use. Upgrade it with Hydra.";
            }

            // A polling Tentacle is reached only when it polls the address this server answers on.
            if (machine.CommunicationStyle == "TentacleActive" && !string.Equals(machine.PollingAddress, estate.ServerCommsAddress, System.StringComparison.OrdinalIgnoreCase))
            {
                return "The polling Tentacle did not collect the request: it polls " + machine.PollingAddress + ", and this server listens on " + estate.ServerCommsAddress + ".";
            }

            return null;
        }
    }
}
