namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary><c>Endpoint.TentacleVersionDetails</c> (3.x+ Tentacle endpoints only).</summary>
    internal sealed class TentacleVersionDetailsWire
    {
        public OctopusVersion? Version { get; set; }

        public bool? UpgradeLocked { get; set; }

        public bool? UpgradeSuggested { get; set; }

        public bool? UpgradeRequired { get; set; }
    }
}
