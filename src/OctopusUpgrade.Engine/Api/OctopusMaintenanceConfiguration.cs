namespace OctopusUpgrade.Engine.Api
{
    /// <summary><c>/api/maintenanceconfiguration</c>: whether the whole server is in maintenance mode.</summary>
    public sealed class OctopusMaintenanceConfiguration
    {
        /// <summary>The document id the server expects back on PUT (<c>maintenance</c> on real servers).</summary>
        public string? Id { get; init; }

        public bool IsInMaintenanceMode { get; init; }
    }
}
