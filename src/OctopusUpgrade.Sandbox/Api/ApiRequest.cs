using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Per-request facts the middleware settles: who is calling and which space the route addresses.</summary>
    internal static class ApiRequest
    {
        private const string SpaceKey = "sandbox.space";
        private const string AdminKey = "sandbox.admin";

        public static void SetSpace(HttpContext context, string spaceId) => context.Items[SpaceKey] = spaceId;

        public static void SetAdmin(HttpContext context, bool isAdmin) => context.Items[AdminKey] = isAdmin;

        public static bool IsAdmin(HttpContext context) => context.Items[AdminKey] is true;

        /// <summary>Whether the route named a space (<c>/api/Spaces-1/…</c>).</summary>
        public static bool IsScoped(HttpContext context) => context.Items.ContainsKey(SpaceKey);

        /// <summary>The addressed space: the one in the route, else the default space.</summary>
        public static string Space(HttpContext context, Estate estate) => context.Items[SpaceKey] as string ?? estate.DefaultSpaceId;

        /// <summary>Link prefix of space-scoped resources: <c>/api/Spaces-1</c> from 2019.1 (links are always space-bound), else <c>/api</c>.</summary>
        public static string ScopedBase(HttpContext context, Estate estate) =>
            estate.Version.HasSpaces ? "/api/" + Space(context, estate) : "/api";

        /// <summary>A query value, or null.</summary>
        public static string? Query(HttpContext context, string name) =>
            context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

        /// <summary>A comma-separated (or repeated) query parameter as a set.</summary>
        public static HashSet<string> QueryList(HttpContext context, string name) =>
            context.Request.Query.TryGetValue(name, out var values)
                ? values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Reads a JSON object body, or null when there is none or it is not an object.</summary>
        public static async Task<JsonObject?> ReadBody(HttpContext http)
        {
            try
            {
                return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        /// <summary>Ids and names compare case-insensitively, as Octopus routes and queries do.</summary>
        public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
