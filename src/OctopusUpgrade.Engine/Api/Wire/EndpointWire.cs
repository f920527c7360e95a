namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary>The 3.x+ <c>Endpoint</c> of a machine.</summary>
    internal sealed class EndpointWire
    {
        public string? CommunicationStyle { get; set; }

        public string? Uri { get; set; }

        public string? Thumbprint { get; set; }

        public TentacleVersionDetailsWire? TentacleVersionDetails { get; set; }
    }
}
