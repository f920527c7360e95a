namespace OctopusUpgrade.Results
{
    /// <summary>How Update-OctopusTentacle forms its waves (-WaveBy).</summary>
    public enum TentacleWaveGrouping
    {
        /// <summary>Waves never mix environments.</summary>
        Environment,

        /// <summary>Batches of machines in name order, whatever their environment.</summary>
        Machine,
    }
}
