using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>The server's license.</summary>
    public sealed class LicenseRepository
    {
        private readonly ApiNavigator _navigator;

        internal LicenseRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>Whether the license allows the server to run, with its messages.</summary>
        public Task<OctopusLicenseStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
            _navigator.GetRootLinkAsync<OctopusLicenseStatus>("CurrentLicenseStatus", cancellationToken);
    }
}
