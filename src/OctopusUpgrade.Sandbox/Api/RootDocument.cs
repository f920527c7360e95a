using System;
using System.IO;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The <c>/api</c> root. Each era's document is a recorded root (Api/Roots): 2.x the 2013 API docs example (no 2.6
    /// recording exists: UNCONFIRMED), 3.x the 3.12.1 server plus the one link 3.3.0 had besides, 2019 the 2019.7.12 server,
    /// and 2020+ the same with the links the 2022.1 example adds and the casing later servers use (<c>tasktypes</c>,
    /// <c>workerPoolIds</c>, field notes); before 3.4 the short 3.3.0 templates. Links of features that arrived inside an era follow the
    /// same version rules as the routes (workers, server health). The version, installation id and default space are filled in.
    /// </summary>
    internal static class RootDocument
    {
        public static JsonObject For(Estate estate)
        {
            var version = estate.Version;
            var era = version switch
            {
                { IsLegacy2x: true } => "era-2x",
                { HasSpaces: false } => "era-3x",
                { Major: < 2020 } => "era-2019",
                _ => "era-modern",
            };
            var root = Template(era, estate.DefaultSpaceId);
            var links = root["Links"]!.AsObject();
            if (era == "era-3x" && version.AtLeast(ServerVersion.Parse(estate.Assumptions.WorkersSince)))
            {
                // Before spaces, the worker links had the 2019 templates without the space segment.
                var spaced = Template("era-2019", "Spaces-1")["Links"]!;
                links["Workers"] = spaced["Workers"]!.GetValue<string>().Replace("/api/Spaces-1/", "/api/", StringComparison.Ordinal);
                links["WorkerPools"] = spaced["WorkerPools"]!.GetValue<string>().Replace("/api/Spaces-1/", "/api/", StringComparison.Ordinal);
            }

            if (era == "era-3x" && !version.AtLeast(3, 4))
            {
                // The 3.3.0 recording (and a 3.2.1 server in the field notes) had the short early-3.x templates.
                links["Machines"] = "/api/machines{/id}{?skip,thumbprint}";
                links["Environments"] = "/api/environments{/id}{?skip}";
            }

            if (era == "era-2019" && !version.AtLeast(2019, 7, 9))
            {
                // The 2019.4.5 recording's templates: package uploads took ?replace until overwriteMode replaced it, "likely
                // from 2019.7.9" (OctopusDeploy/Issues#5838); the user-authentication link changing with it is UNCONFIRMED.
                var space = "/api/" + estate.DefaultSpaceId;
                links["PackageUpload"] = space + "/packages/raw{?replace}";
                links["PackageDeltaUpload"] = space + "/packages/{packageId}/{baseVersion}/delta{?replace}";
                links["PackageMetadata"] = space + "/package-metadata{/id}{?filter,latest,skip,take,replace}";
                links["UserAuthentication"] = "/api/users/authentication/{?userId}";
            }

            if (!version.AtLeast(ServerVersion.Parse(estate.Assumptions.ServerHealthSince)))
            {
                links.Remove("ServerHealthStatus");
            }

            root["Version"] = version.Text;
            if (root.ContainsKey("InstallationId"))
            {
                root["InstallationId"] = estate.InstallationId;
            }

            return root;
        }

        /// <summary>
        /// A space's home document (<c>/api/Spaces-N</c>): only the space-scoped links of the root, bound to that space,
        /// as a real server's SpaceRootResource has them.
        /// </summary>
        public static JsonObject ForSpace(Estate estate, string spaceId)
        {
            var root = For(estate);
            var prefix = "/api/" + estate.DefaultSpaceId + "/";
            var links = new JsonObject { ["Self"] = "/api/" + spaceId };
            foreach (var (name, value) in root["Links"]!.AsObject())
            {
                var template = value?.GetValue<string>();
                if (template is not null && template.StartsWith(prefix, StringComparison.Ordinal))
                {
                    links[name] = "/api/" + spaceId + "/" + template.Substring(prefix.Length);
                }
            }

            return new JsonObject { ["Links"] = links };
        }

        private static JsonObject Template(string era, string defaultSpaceId)
        {
            using var stream = typeof(RootDocument).Assembly.GetManifestResourceStream("Roots." + era + ".json")
                ?? throw new InvalidDataException("Missing root template " + era);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd().Replace("/api/Spaces-1/", "/api/" + defaultSpaceId + "/", StringComparison.Ordinal);
            return JsonNode.Parse(text)!.AsObject();
        }
    }
}
