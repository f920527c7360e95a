using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;
using OctopusUpgrade.Engine.Api.Wire;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>The server's configuration sections.</summary>
    public sealed class ConfigurationRepository
    {
        private readonly ApiNavigator _navigator;

        internal ConfigurationRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>The server's folders: the configuration section <c>server-folders</c>, then its <c>Values</c> link.</summary>
        public async Task<OctopusServerFolders> GetServerFoldersAsync(CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var section = await _navigator.Transport.SendAsync<LinkedDocument>(
                HttpMethod.Get,
                _navigator.ById(root.Links, "Configuration", "server-folders"),
                null,
                cancellationToken).ConfigureAwait(false);
            return await _navigator.Transport.SendAsync<OctopusServerFolders>(HttpMethod.Get, _navigator.Expand(section.Links, "Values", null), null, cancellationToken).ConfigureAwait(false);
        }
    }
}
