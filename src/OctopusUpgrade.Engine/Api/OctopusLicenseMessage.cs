namespace OctopusUpgrade.Engine.Api
{
    /// <summary>One message of the license status; <see cref="Disposition"/> is <c>Information</c>, <c>Warning</c> or <c>Error</c>.</summary>
    public sealed class OctopusLicenseMessage
    {
        public string? Message { get; init; }

        public string? Disposition { get; init; }
    }
}
