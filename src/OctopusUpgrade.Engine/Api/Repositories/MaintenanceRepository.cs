using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Server-wide maintenance mode.</summary>
    public sealed class MaintenanceRepository
    {
        private readonly ApiNavigator _navigator;

        internal MaintenanceRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        public Task<OctopusMaintenanceConfiguration> GetAsync(CancellationToken cancellationToken = default) =>
            _navigator.GetRootLinkAsync<OctopusMaintenanceConfiguration>("MaintenanceConfiguration", cancellationToken);

        /// <summary>Turns maintenance mode on or off (a PUT of the whole document, so safe to retry).</summary>
        public async Task<OctopusMaintenanceConfiguration> SetAsync(bool isInMaintenanceMode, CancellationToken cancellationToken = default)
        {
            var current = await GetAsync(cancellationToken).ConfigureAwait(false);
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var body = new { Id = current.Id ?? "maintenance", IsInMaintenanceMode = isInMaintenanceMode };
            return await _navigator.Transport.SendAsync<OctopusMaintenanceConfiguration>(HttpMethod.Put, _navigator.Expand(root.Links, "MaintenanceConfiguration", null), body, cancellationToken).ConfigureAwait(false);
        }
    }
}
