using System;
using System.Collections.Generic;
using System.Linq;
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
        private const string BuiltInFeedId = "feeds-builtin";

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

        /// <summary>
        /// Whether the built-in feed holds this package version: the space's <c>Feeds</c> link (2.x has it) to
        /// <c>feeds-builtin</c>, then that feed's own <c>Packages</c> search with every version of the id.
        /// </summary>
        public async Task<bool> ContainsBuiltInPackageAsync(OctopusPackage package, CancellationToken cancellationToken = default)
        {
            if (package is null)
            {
                throw new ArgumentNullException(nameof(package));
            }

            var links = (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            var feed = await _navigator.Transport.SendAsync<LinkedDocument>(HttpMethod.Get, _navigator.ById(links, "Feeds", BuiltInFeedId), null, cancellationToken).ConfigureAwait(false);
            var search = _navigator.Expand(feed.Links, "Packages", new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["packageId"] = package.PackageId,
                ["includeMultipleVersions"] = "true",
                ["includePreRelease"] = "true",
                ["take"] = "1000",
            });
            var found = await _navigator.Transport.SendAsync<List<PackageWire>>(HttpMethod.Get, search, null, cancellationToken).ConfigureAwait(false);
            return found.Any(p => p.PackageId is not null && p.Version is not null && new OctopusPackage(p.PackageId, p.Version).Key == package.Key);
        }

        /// <summary>
        /// Uploads a package file to the built-in feed (<c>PackageUpload</c>; on 2.x the <see cref="LegacyRoutes"/> route),
        /// sent once as multipart/form-data. Returns what the server says it stored.
        /// </summary>
        public async Task<OctopusPackage> UploadAsync(string fileName, byte[] content, CancellationToken cancellationToken = default)
        {
            var stored = await _navigator.WithLinkAsync(
                "PackageUpload",
                links => _navigator.Transport.SendFileAsync<PackageWire>(_navigator.Expand(links, "PackageUpload", null), fileName, content, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            return new OctopusPackage(stored.PackageId ?? string.Empty, stored.Version ?? string.Empty);
        }
    }
}
