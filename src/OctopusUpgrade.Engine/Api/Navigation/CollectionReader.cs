using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Http;
using OctopusUpgrade.Engine.Api.Wire;

namespace OctopusUpgrade.Engine.Api.Navigation
{
    /// <summary>
    /// Streams a collection one page at a time. Where the link accepts <c>skip</c> and <c>take</c>, pages are asked
    /// for by expanding it (so the page size is ours, and <c>TotalResults</c> ends the walk without an empty extra
    /// page); otherwise the server's <c>Page.Next</c> links are followed until there is none.
    /// </summary>
    internal sealed class CollectionReader
    {
        private readonly ApiNavigator _navigator;
        private readonly int _pageSize;

        public CollectionReader(ApiNavigator navigator, int pageSize)
        {
            _navigator = navigator;
            _pageSize = pageSize;
        }

        public async IAsyncEnumerable<T> ReadAsync<T>(
            IReadOnlyDictionary<string, string> links,
            string linkName,
            IReadOnlyDictionary<string, object>? filter,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var template = _navigator.RequireLink(links, linkName);
            var bySkipTake = LinkTemplate.Accepts(template, "skip") && LinkTemplate.Accepts(template, "take");
            var skip = 0;
            var next = bySkipTake ? PageUri(links, linkName, filter, skip) : _navigator.Expand(links, linkName, filter);
            while (true)
            {
                var page = await _navigator.Transport.SendAsync<ResourceCollection<T>>(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items)
                {
                    yield return item;
                }

                skip += page.Items.Count;
                page.Links.TryGetValue("Page.Next", out var nextLink);
                var more = page.Items.Count > 0 && (page.TotalResults is int total ? skip < total : nextLink is not null);
                if (!more)
                {
                    yield break;
                }

                next = bySkipTake || nextLink is null ? PageUri(links, linkName, filter, skip) : _navigator.Resolve(nextLink);
            }
        }

        /// <summary>The first item that matches, reading no further pages once it is found.</summary>
        public async Task<T?> FirstAsync<T>(IReadOnlyDictionary<string, string> links, string linkName, Func<T, bool> matches, CancellationToken cancellationToken)
            where T : class
        {
            await foreach (var item in ReadAsync<T>(links, linkName, null, cancellationToken).ConfigureAwait(false))
            {
                if (matches(item))
                {
                    return item;
                }
            }

            return null;
        }

        private Uri PageUri(IReadOnlyDictionary<string, string> links, string linkName, IReadOnlyDictionary<string, object>? filter, int skip)
        {
            var variables = filter is null
                ? new Dictionary<string, object>(StringComparer.Ordinal)
                : filter.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            variables["skip"] = skip.ToString(CultureInfo.InvariantCulture);
            if (LinkTemplate.Accepts(links[linkName], "take"))
            {
                variables["take"] = _pageSize.ToString(CultureInfo.InvariantCulture);
            }

            return _navigator.Expand(links, linkName, variables);
        }
    }
}
