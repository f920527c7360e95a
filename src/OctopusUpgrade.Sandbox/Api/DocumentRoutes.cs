using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The routes every stored document collection has: <c>GET /api/{resource}</c> (paged; <c>name</c>, <c>partialName</c>,
    /// <c>ids</c>), <c>/all</c>, <c>GET /{idOrName}</c>, and, when the collection can be written, <c>POST</c> (201) and
    /// <c>PUT /{id}</c>. Writes go through the resource's own validation.
    /// </summary>
    internal static class DocumentRoutes
    {
        /// <summary>Renders a stored document (a copy, without <c>SpaceId</c> before 2019.1) with its links.</summary>
        public delegate JsonObject Render(JsonObject document, HttpContext http, Estate estate);

        /// <summary>Validates a body (and the document it replaces, on PUT) into the document to store.</summary>
        public delegate Saved Save(HttpContext http, JsonObject body, JsonObject? existing);

        public static void Map(IEndpointRouteBuilder app, Estate estate, string resource, string itemType, Func<DeploymentStore, List<JsonObject>> collection,
            Render render, string query, Save? save)
        {
            var route = "/api/" + resource;
            List<JsonObject> All(HttpContext http)
            {
                var space = ApiRequest.Space(http, estate);
                estate.Library.EnsureDefaults(estate, space);
                return DeploymentStore.InSpace(collection(estate.Library), space).ToList();
            }

            app.MapGet(route, (HttpContext http) => ApiResponses.Json(estate.Read(() =>
            {
                var name = ApiRequest.Query(http, "name");
                var partial = ApiRequest.Query(http, "partialName");
                var ids = ApiRequest.QueryList(http, "ids");
                var items = All(http).Where(d =>
                        (name is null || ApiRequest.Same(DeploymentStore.Text(d, "Name"), name))
                        && (partial is null || DeploymentStore.Text(d, "Name").Contains(partial, StringComparison.OrdinalIgnoreCase))
                        && (ids.Count == 0 || ids.Contains(DeploymentStore.Text(d, "Id"))))
                    .ToList();
                var self = ApiRequest.ScopedBase(http, estate) + "/" + resource;
                return Paging.Collection(http, estate, itemType, items, d => Rendered(d, http, estate, render), self, self + "{/id}" + query);
            })));
            app.MapGet(route + "/all", (HttpContext http) => ApiResponses.Json(estate.Read(() =>
                new JsonArray(All(http).Select(d => (JsonNode?)Rendered(d, http, estate, render)).ToArray()))));
            app.MapGet(route + "/{id}", (HttpContext http, string id) => ApiResponses.Found(estate.Read(() =>
            {
                All(http);
                return DeploymentStore.Find(collection(estate.Library), ApiRequest.Space(http, estate), id) is { } d ? Rendered(d, http, estate, render) : null;
            })));
            if (save is null)
            {
                return;
            }

            app.MapPost(route, ApiResponses.Async(http => Write(http, estate, collection, render, save, null)));
            app.MapPut(route + "/{id}", (HttpContext http, string id) => Write(http, estate, collection, render, save, id));
        }

        /// <summary>
        /// <c>GET /api/{parent}/{id}/{child}</c>: the child documents whose <paramref name="foreignKey"/> names the parent,
        /// newest first, paged (a project's releases, a release's deployments).
        /// </summary>
        public static void MapChildren(IEndpointRouteBuilder app, Estate estate, string parent, Func<DeploymentStore, List<JsonObject>> parents,
            string child, string itemType, Func<DeploymentStore, List<JsonObject>> children, string foreignKey, Render render, string query)
        {
            app.MapGet("/api/" + parent + "/{id}/" + child, (HttpContext http, string id) => estate.Read(() =>
            {
                var space = ApiRequest.Space(http, estate);
                if (DeploymentStore.Find(parents(estate.Library), space, id) is not { } owner)
                {
                    return ApiResponses.NotFoundError();
                }

                var ownerId = DeploymentStore.Text(owner, "Id");
                var items = DeploymentStore.InSpace(children(estate.Library), space).Where(d => DeploymentStore.Text(d, foreignKey) == ownerId).Reverse().ToList();
                var self = ApiRequest.ScopedBase(http, estate) + "/" + parent + "/" + ownerId + "/" + child;
                return ApiResponses.Json(Paging.Collection(http, estate, itemType, items, d => Rendered(d, http, estate, render), self, self + query));
            }));
        }

        /// <summary>A copy of a stored document as the API shows it.</summary>
        public static JsonObject Rendered(JsonObject document, HttpContext http, Estate estate, Render render)
        {
            var copy = (JsonObject)document.DeepClone();
            if (!estate.Version.HasSpaces)
            {
                copy.Remove("SpaceId");
            }

            return render(copy, http, estate);
        }

        private static async Task<IResult> Write(HttpContext http, Estate estate, Func<DeploymentStore, List<JsonObject>> collection, Render render, Save save, string? id)
        {
            var body = await ApiRequest.ReadBody(http).ConfigureAwait(false);
            if (body is null)
            {
                return ApiResponses.Invalid("The request body must be a JSON resource.");
            }

            return estate.Read(() =>
            {
                var space = ApiRequest.Space(http, estate);
                estate.Library.EnsureDefaults(estate, space);
                var documents = collection(estate.Library);
                var existing = id is null ? null : DeploymentStore.Find(documents, space, id);
                if (id is not null && existing is null)
                {
                    return ApiResponses.NotFoundError();
                }

                var saved = save(http, body, existing);
                if (saved.Document is not { } document)
                {
                    return ApiResponses.Invalid(saved.Error);
                }

                if (existing is null)
                {
                    documents.Add(document);
                }
                else
                {
                    documents[documents.IndexOf(existing)] = document;
                }

                return ApiResponses.Json(Rendered(document, http, estate, render), existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
            });
        }

        /// <summary>The outcome of validating a write: the document to store, or why not.</summary>
        public sealed record Saved(JsonObject? Document, string Error)
        {
            public static Saved Ok(JsonObject document) => new(document, "");

            public static Saved Invalid(string error) => new(null, error);
        }
    }
}
