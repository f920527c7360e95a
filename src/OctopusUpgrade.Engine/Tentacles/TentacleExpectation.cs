namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>What a health check is expected to find.</summary>
    public enum TentacleExpectation
    {
        /// <summary>The server reaches the Tentacle (healthy, or healthy with warnings).</summary>
        Reachable,

        /// <summary>The server no longer reaches it: a 2.6 server after Hydra upgraded its Tentacles.</summary>
        Unreachable,
    }
}
