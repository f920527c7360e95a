namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>How Update-OctopusTentacle forms its waves.</summary>
    public enum TentacleWaveGrouping
    {
        /// <summary>Waves never mix environments: each environment's machines in batches, environment by environment.</summary>
        Environment,

        /// <summary>Batches of machines in name order, whatever their environment.</summary>
        Machine,
    }
}
