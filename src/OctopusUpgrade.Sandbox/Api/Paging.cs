using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Paged collections: <c>skip</c>/<c>take</c> (30 by default) and <c>Page.*</c> links. Era differences, from the
    /// recordings: 2.x/3.x carry <c>IsStale</c> and numbered <c>Page.N</c> links (3.3.0 machines, a 2017 task page); 2018.3+
    /// adds <c>NumberOfPages</c>, <c>LastPageNumber</c> (2018.3.6 swagger) and, by the same guess, <c>Page.All</c>/<c>Page.Last</c> and 2019 drops the numbered links (2019 environments).
    /// </summary>
    internal static class Paging
    {
        public const int DefaultTake = 30;

        // What a collection's Template keeps of its route's template: paging, not the item id or the filters.
        private static readonly string[] PagingParameters = ["skip", "ids", "take", "partialName"];

        public static JsonObject Collection<T>(HttpContext context, Estate estate, string itemType, IReadOnlyList<T> all, Func<T, JsonNode> map, string self, string template)
        {
            var skip = Math.Max(0, IntQuery(context, "skip") ?? 0);
            var takeGiven = IntQuery(context, "take");
            var take = Math.Max(1, takeGiven ?? DefaultTake);
            var withTake = takeGiven is not null || estate.Version.HasSpaces;
            string Page(int s) => self + "?skip=" + s.ToString(CultureInfo.InvariantCulture) + (withTake ? "&take=" + take.ToString(CultureInfo.InvariantCulture) : "");

            var pages = Math.Max(1, (int)Math.Ceiling(all.Count / (double)take));
            var collection = new JsonObject { ["ItemType"] = itemType };
            var modernCounts = estate.Version.AtLeast(2018, 3);
            if (!modernCounts)
            {
                collection["IsStale"] = false;
            }

            collection["TotalResults"] = all.Count;
            collection["ItemsPerPage"] = take;
            if (modernCounts)
            {
                collection["NumberOfPages"] = pages;
                collection["LastPageNumber"] = pages - 1;
            }

            collection["Items"] = new JsonArray(all.Skip(skip).Take(take).Select(map).ToArray());
            var links = new JsonObject { ["Self"] = self, ["Template"] = ListTemplate(template, estate) };
            if (modernCounts)
            {
                links["Page.All"] = self + "?skip=0&take=" + int.MaxValue.ToString(CultureInfo.InvariantCulture);
            }

            links["Page.Current"] = Page(skip);
            if (modernCounts)
            {
                links["Page.Last"] = Page((pages - 1) * take);
            }

            if (skip + take < all.Count)
            {
                links["Page.Next"] = Page(skip + take);
            }

            if (!estate.Version.HasSpaces)
            {
                for (var page = 0; page < pages; page++)
                {
                    links["Page." + page.ToString(CultureInfo.InvariantCulture)] = Page(page * take);
                }
            }

            collection["Links"] = links;
            return collection;
        }

        private static int? IntQuery(HttpContext context, string name) =>
            int.TryParse(ApiRequest.Query(context, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

        /// <summary>
        /// A collection's <c>Template</c> is its list route with the paging parameters only: no <c>{/id}</c>, no filters.
        /// Recorded as <c>/api/machines{?skip}</c> (3.3.0, root link <c>{/id}{?skip,thumbprint}</c>), <c>/api/machines/{id}/tasks{?skip}</c>
        /// (a 2017 3.x server) and <c>/api/Spaces-1/environments{?skip,ids,take,partialName}</c> (2019, root link
        /// <c>{/id}{?name,skip,ids,take,partialName}</c>); before spaces only <c>skip</c>, as those 3.x recordings show.
        /// </summary>
        private static string ListTemplate(string template, Estate estate)
        {
            var query = template.IndexOf("{?", StringComparison.Ordinal);
            var path = template[..(query < 0 ? template.Length : query)].Replace("{/id}", "", StringComparison.Ordinal);
            var given = query < 0 ? [] : template[(query + 2)..template.IndexOf('}', query)].Split(',');
            var kept = given.Where(p => PagingParameters.Contains(p, StringComparer.Ordinal) && (estate.Version.HasSpaces || p == "skip")).ToList();
            return kept.Count == 0 ? path : path + "{?" + string.Join(",", kept) + "}";
        }
    }
}
