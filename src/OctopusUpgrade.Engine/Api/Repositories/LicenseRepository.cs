using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>The server's license.</summary>
    public sealed class LicenseRepository
    {
        /// <summary>Where the license lives when the root does not link it (2.x roots, as recorded, have no CurrentLicense link).</summary>
        private const string CurrentLicensePath = "/api/licenses/licenses-current";

        private readonly ApiNavigator _navigator;

        internal LicenseRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>Whether the license allows the server to run, with its messages.</summary>
        public Task<OctopusLicenseStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
            _navigator.GetRootLinkAsync<OctopusLicenseStatus>("CurrentLicenseStatus", cancellationToken);

        /// <summary>The license key as XML.</summary>
        public async Task<OctopusLicense> GetCurrentAsync(CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var uri = root.Links.ContainsKey("CurrentLicense") ? _navigator.Expand(root.Links, "CurrentLicense", null) : _navigator.Resolve(CurrentLicensePath);
            return await _navigator.Transport.SendAsync<OctopusLicense>(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
