using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// <c>POST /api/packages/raw</c>: a multipart/form-data upload (the first file part, whatever its field name, as
    /// Octopus.Client and the documented curl <c>-F</c> both send) into the built-in feed. <c>?replace=true</c> (3.x root
    /// template <c>{?replace}</c>) or <c>?overwriteMode=OverwriteExisting</c> (2019+) overwrites. Answers 201 with the
    /// package (<c>PackageFromBuiltInFeedResource</c>). The 2.6 route is UNCONFIRMED (no 2.6 root records it); the sandbox
    /// serves the 3.x one.
    /// </summary>
    internal static class PackageUploadEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, SandboxContext sandbox) =>
            app.MapPost("/api/packages/raw", ApiResponses.Async(http => Upload(http, sandbox.Estate)));

        private static async Task<IResult> Upload(HttpContext http, Estate estate)
        {
            if (!http.Request.HasFormContentType)
            {
                return ApiResponses.Invalid("Send the package as multipart/form-data.");
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            if (form.Files.Count == 0)
            {
                return ApiResponses.Invalid("No package file was found in the request.");
            }

            using var buffer = new MemoryStream();
            await form.Files[0].CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            var replace = ApiRequest.Query(http, "replace") == "true" || ApiRequest.Query(http, "overwriteMode") == "OverwriteExisting";
            return estate.Read(() =>
            {
                var (package, error) = estate.Feed.Upload(ApiRequest.Space(http, estate), buffer.ToArray(), replace);
                return package is null
                    ? ApiResponses.Invalid(error)
                    : ApiResponses.Json(FeedEndpoints.BuiltInPackageResource(package, http, estate), StatusCodes.Status201Created);
            });
        }
    }
}
