using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Engine.Api.Navigation
{
    /// <summary>
    /// The routes a 2.x server serves but its root does not link (the recorded 2.x root links only Environments,
    /// Machines, Projects, Feeds and Tasks; facts §10). Used only for a link the server's own documents lack; a link the
    /// server gives always wins. Each template is the one the 3.x root document names for the same resource
    /// (OctopusClients <c>RootResource</c> links, the 2018.3 swagger), read as the 2.x route on the strength of the 2.x UI
    /// and the Hydra docs using the same resources. UNCONFIRMED against a live 2.6 server: a 404 on one of them is
    /// <see cref="OctopusApiErrorIds.LegacyRouteMissing"/>, and the caller says what to do by hand.
    /// </summary>
    internal static class LegacyRoutes
    {
        private static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // 3.x root "PackageUpload"; the documented way to put a package in 2.6's built-in feed is Library > Packages > Upload.
            ["PackageUpload"] = "/api/packages/raw{?replace}",
            // 3.x root "ActionTemplates"; 2.6.5 exports of the Library's step templates have this resource's shape.
            ["ActionTemplates"] = "/api/actiontemplates{/id}{?skip}",
            // 3.x root "Lifecycles"; lifecycles arrived in 2.6.
            ["Lifecycles"] = "/api/lifecycles{/id}{?skip}",
            // 3.x root "ProjectGroups"; 2.x projects name a ProjectGroupId.
            ["ProjectGroups"] = "/api/projectgroups{/id}{?skip}",
            // 3.x root "Releases"; a 2.x project links its own releases but creating one is a POST to the collection.
            ["Releases"] = "/api/releases{/id}{?skip}",
            // 3.x root "Deployments"; a 2.x release links its deployments but creating one is a POST to the collection.
            ["Deployments"] = "/api/deployments{/id}{?skip}",
        };

        /// <summary>Whether <paramref name="links"/> lacks <paramref name="linkName"/> and the table has a route for it.</summary>
        public static bool Fills(IReadOnlyDictionary<string, string> links, string linkName) =>
            !links.ContainsKey(linkName) && Table.ContainsKey(linkName);

        /// <summary>The server's links, with the table's route added for each one it lacks.</summary>
        public static IReadOnlyDictionary<string, string> Complete(IReadOnlyDictionary<string, string> links)
        {
            var completed = links.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            foreach (var route in Table.Where(r => !completed.ContainsKey(r.Key)))
            {
                completed[route.Key] = route.Value;
            }

            return completed;
        }

        /// <summary>The template the table holds for <paramref name="linkName"/>.</summary>
        public static string Template(string linkName) => Table[linkName];
    }
}
