namespace OctopusUpgrade.Engine.Api
{
    /// <summary><c>/api/licenses/licenses-current</c>: the license key itself (its XML), which the 2.6 migrator does not carry over.</summary>
    public sealed class OctopusLicense
    {
        public string? LicenseText { get; init; }

        public string? SerialNumber { get; init; }
    }
}
