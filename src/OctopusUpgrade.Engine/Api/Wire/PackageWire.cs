namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary>An item of the built-in feed's <c>Packages</c> collection, read only for what identifies it.</summary>
    internal sealed class PackageWire
    {
        public string? PackageId { get; set; }

        public string? Version { get; set; }
    }
}
