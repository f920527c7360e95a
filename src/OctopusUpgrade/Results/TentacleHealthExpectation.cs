namespace OctopusUpgrade.Results
{
    /// <summary>What Test-TentacleHealth expects the server to find.</summary>
    public enum TentacleHealthExpectation
    {
        /// <summary>The server reaches the Tentacle.</summary>
        Reachable,

        /// <summary>The server no longer reaches it, as a 2.6 server after Hydra has upgraded its Tentacles.</summary>
        Unreachable,
    }
}
