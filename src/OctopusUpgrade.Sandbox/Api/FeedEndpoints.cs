using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The built-in feed as the server's index reports it (never the disk directly): <c>/api/feeds</c>, the legacy
    /// <c>/api/feeds/{id}/packages</c> search (a bare array of <c>PackageResource</c>, per the 2018.3 and 2020.5 swagger),
    /// <c>/packages/search</c> and <c>/packages/versions</c> (paged), the paged <c>/api/packages</c> (<c>PackageFromBuiltInFeedResource</c>) and the stats route (<c>/api/feeds/stats</c> from
    /// 2019, <c>/api/serverstatus/nuget</c> before, as the root and server status link them).
    /// </summary>
    internal static class FeedEndpoints
    {
        private const string BuiltInFeedId = "feeds-builtin";

        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox)
        {
            var estate = sandbox.Estate;
            app.MapGet("/api/feeds", (HttpContext http) => ApiResponses.Json(
                Paging.Collection(http, estate, "Feed", new[] { BuiltInFeed(http, estate) }, f => f, ApiRequest.ScopedBase(http, estate) + "/feeds", "/api/feeds{/id}{?skip,take,ids,partialName,feedType}")));
            app.MapGet("/api/feeds/all", (HttpContext http) => ApiResponses.Json(new JsonArray(BuiltInFeed(http, estate))));
            app.MapGet("/api/feeds/" + BuiltInFeedId, (HttpContext http) => ApiResponses.Json(BuiltInFeed(http, estate)));
            app.MapGet("/api/feeds/" + BuiltInFeedId + "/packages/search", (HttpContext http) => ApiResponses.Json(Search(http, estate)));
            app.MapGet("/api/feeds/" + BuiltInFeedId + "/packages/versions", (HttpContext http) => ApiRequest.Query(http, "packageId") is null
                ? ApiResponses.Invalid("No packageId parameter was provided.")
                : ApiResponses.Json(Paging.Collection(http, estate, "PackageVersion", Indexed(http, estate), p => PackageVersionResource(p, http, estate),
                    ApiRequest.ScopedBase(http, estate) + "/feeds/" + BuiltInFeedId + "/packages/versions",
                    ApiRequest.ScopedBase(http, estate) + "/feeds/" + BuiltInFeedId + "/packages/versions{?packageId,skip,take}")));
            app.MapGet("/api/feeds/" + BuiltInFeedId + "/packages", (HttpContext http) => ApiResponses.Json(
                new JsonArray(Indexed(http, estate).Select(p => (JsonNode?)PackageResource(p, http, estate)).ToArray())));
            app.MapGet("/api/packages", (HttpContext http) => ApiResponses.Json(
                Paging.Collection(http, estate, "Package", Indexed(http, estate), p => BuiltInPackageResource(p, http, estate),
                    ApiRequest.ScopedBase(http, estate) + "/packages", ApiRequest.ScopedBase(http, estate) + "/packages{/id}{?nuGetPackageId,filter,latest,skip,take,includeNotes}")));
            app.MapGet("/api/feeds/stats", (HttpContext http) => estate.Version.HasSpaces ? Stats(http, estate) : ApiResponses.NotFoundError());
            app.MapGet("/api/serverstatus/nuget", (HttpContext http) => estate.Version.HasSpaces ? ApiResponses.NotFoundError() : Stats(http, estate));
        }

        private static IResult Stats(HttpContext http, Estate estate) => ApiResponses.Json(new JsonObject
        {
            ["Id"] = null,
            ["TotalPackages"] = estate.Feed.Index(ApiRequest.Space(http, estate)).Count,
            ["LastModifiedOn"] = null,
            ["LastModifiedBy"] = null,
            ["Links"] = new JsonObject(),
        });

        private static System.Collections.Generic.List<FeedPackage> Indexed(HttpContext http, Estate estate)
        {
            var packageId = ApiRequest.Query(http, "packageId") ?? ApiRequest.Query(http, "nuGetPackageId");
            var filter = ApiRequest.Query(http, "filter") ?? ApiRequest.Query(http, "partialMatch");
            return estate.Feed.Index(ApiRequest.Space(http, estate))
                .Where(p => (packageId is null || ApiRequest.Same(p.PackageId, packageId))
                            && (filter is null || p.PackageId.Contains(filter, System.StringComparison.OrdinalIgnoreCase)))
                .OrderBy(p => p.PackageId, System.StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        // One entry per package id with its latest version (PackageDescriptionResource); "term" filters by id.
        private static JsonObject Search(HttpContext http, Estate estate)
        {
            var term = ApiRequest.Query(http, "term");
            var packages = estate.Feed.Index(ApiRequest.Space(http, estate))
                .Where(p => term is null || p.PackageId.Contains(term, System.StringComparison.OrdinalIgnoreCase))
                .GroupBy(p => p.PackageId, System.StringComparer.OrdinalIgnoreCase)
                .Select(g => g.MaxBy(p => System.Version.TryParse(p.Version.Split('-')[0], out var v) ? v : new System.Version(0, 0))!)
                .OrderBy(p => p.PackageId, System.StringComparer.OrdinalIgnoreCase)
                .ToList();
            var self = ApiRequest.ScopedBase(http, estate) + "/feeds/" + BuiltInFeedId + "/packages/search";
            return Paging.Collection(http, estate, "PackageDescription", packages, p => new JsonObject
            {
                ["Id"] = p.PackageId,
                ["Name"] = p.PackageId,
                ["Description"] = Description(p),
                ["LatestVersion"] = p.Version,
                ["Links"] = new JsonObject(),
            }, self, self + "{?term,skip,take}");
        }

        private static JsonObject PackageVersionResource(FeedPackage package, HttpContext http, Estate estate) => new()
        {
            ["Id"] = PackageKey(package),
            ["PackageId"] = package.PackageId,
            ["Version"] = package.Version,
            ["Published"] = OctopusFormats.Iso(package.Published),
            ["SizeBytes"] = package.SizeBytes,
            ["Title"] = package.PackageId,
            ["ReleaseNotes"] = null,
            ["FeedId"] = BuiltInFeedId,
            ["Links"] = new JsonObject { ["Self"] = ApiRequest.ScopedBase(http, estate) + "/packages/" + PackageKey(package) },
        };

        private static string Description(FeedPackage package) => "Package " + package.PackageId + " for the sandbox built-in feed.";

        private static JsonObject BuiltInFeed(HttpContext http, Estate estate)
        {
            var self = ApiRequest.ScopedBase(http, estate) + "/feeds/" + BuiltInFeedId;
            var feed = new JsonObject { ["Id"] = BuiltInFeedId, ["Name"] = "Octopus Server (built-in)", ["FeedType"] = "BuiltIn" };
            if (!estate.Version.IsLegacy2x)
            {
                // BuiltInFeedResource fields from the client; the values are the defaults of a fresh install (a guess).
                feed["IsBuiltInRepoSyncEnabled"] = false;
                feed["DeletePackagesAssociatedWithReleases"] = null;
                feed["DeleteUnreleasedPackagesAfterDays"] = 30;
                feed["PackageAcquisitionLocationOptions"] = new JsonArray("Server", "ExecutionTarget");
            }

            if (estate.Version.HasSpaces)
            {
                feed["SpaceId"] = ApiRequest.Space(http, estate);
            }

            feed["Links"] = new JsonObject { ["Self"] = self, ["Packages"] = self + "/packages{?packageId,partialMatch,includeMultipleVersions,includeNotes,includePreRelease,versionRange,preReleaseTag,take}" };
            return feed;
        }

        private static JsonObject PackageResource(FeedPackage package, HttpContext http, Estate estate) => new()
        {
            ["Id"] = PackageKey(package),
            ["PackageId"] = package.PackageId,
            ["Version"] = package.Version,
            ["Description"] = Description(package),
            ["Published"] = OctopusFormats.Iso(package.Published),
            ["ReleaseNotes"] = null,
            ["Summary"] = null,
            ["Title"] = package.PackageId,
            ["FeedId"] = BuiltInFeedId,
            ["NuGetFeedId"] = BuiltInFeedId,
            ["NuGetPackageId"] = package.PackageId,
            ["FileExtension"] = ".nupkg",
            ["Links"] = new JsonObject { ["Self"] = ApiRequest.ScopedBase(http, estate) + "/packages/" + PackageKey(package) },
        };

        internal static JsonObject BuiltInPackageResource(FeedPackage package, HttpContext http, Estate estate)
        {
            var json = PackageResource(package, http, estate);
            json["PackageSizeBytes"] = package.SizeBytes;
            json["Hash"] = package.Hash;
            return json;
        }

        private static string PackageKey(FeedPackage package) => "packages-" + package.PackageId + "." + package.Version;
    }
}
