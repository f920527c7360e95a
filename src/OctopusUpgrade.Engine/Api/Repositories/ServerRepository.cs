using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>The server's own state: status and cluster health.</summary>
    public sealed class ServerRepository
    {
        private readonly ApiNavigator _navigator;

        internal ServerRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        public Task<OctopusServerStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
            _navigator.GetRootLinkAsync<OctopusServerStatus>("ServerStatus", cancellationToken);

        /// <summary>Cluster health. Swagger documents 200 and 418 with the same document (418 presumably "not operating normally"), so 418 is read, not thrown.</summary>
        public async Task<OctopusServerHealth> GetHealthAsync(CancellationToken cancellationToken = default)
        {
            // 2019+ roots link it directly; older servers only from the server status document.
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var uri = root.Links.ContainsKey("ServerHealthStatus")
                ? _navigator.Expand(root.Links, "ServerHealthStatus", null)
                : _navigator.Expand((await GetStatusAsync(cancellationToken).ConfigureAwait(false)).Links, "Health", null);
            return await _navigator.Transport.SendAsync<OctopusServerHealth>(HttpMethod.Get, uri, null, cancellationToken, alsoSuccessful: 418).ConfigureAwait(false);
        }
    }
}
