using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;
using OctopusUpgrade.Engine.Api.Wire;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>The built-in package feed of the client's space.</summary>
    public sealed class FeedRepository
    {
        private readonly ApiNavigator _navigator;

        internal FeedRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>
        /// How many packages the server's index of its built-in feed holds in the space: <c>TotalResults</c> of the
        /// <c>Packages</c> collection (3.x and later), read as a one-item page. It reports the index, not the disk, so
        /// it trails copied files until a re-index has run.
        /// </summary>
        public async Task<int> GetBuiltInPackageCountAsync(CancellationToken cancellationToken = default)
        {
            var links = (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            var uri = _navigator.Expand(links, "Packages", new Dictionary<string, object> { ["take"] = 1 });
            var page = await _navigator.Transport.SendAsync<ResourceCollection<LinkedDocument>>(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
            return page.TotalResults ?? page.Items.Count;
        }

        /// <summary>
        /// Every package version the server's index lists in the space (the <c>Packages</c> collection, a page at a
        /// time): what a re-index is checked against, package by package, since a count alone is met by the packages
        /// that were there before.
        /// </summary>
        public async IAsyncEnumerable<OctopusPackage> GetBuiltInPackagesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var links = (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            await foreach (var wire in _navigator.Collections.ReadAsync<PackageWire>(links, "Packages", null, cancellationToken).ConfigureAwait(false))
            {
                if (wire.PackageId is not null && wire.Version is not null)
                {
                    yield return new OctopusPackage(wire.PackageId, wire.Version);
                }
            }
        }
    }
}
