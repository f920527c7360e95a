using System;
using System.Collections.Generic;
using Newtonsoft.Json;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// <c>GET /api</c>: the server's version and the link templates every other call starts from.
    /// </summary>
    public sealed class OctopusRootDocument
    {
        public string? Application { get; init; }

        /// <summary>The server version, or null when the server sent none the client could read.</summary>
        public OctopusVersion? Version { get; init; }

        public string? ApiVersion { get; init; }

        public Guid? InstallationId { get; init; }

        /// <summary>Link name to RFC 6570 template, e.g. <c>Machines</c> to <c>/api/Spaces-1/machines{/id}{?skip,take}</c>.</summary>
        public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();

        /// <summary>
        /// Spaces arrived in 2019.1. The link is the evidence rather than the version number, so a server that
        /// reports an odd version still gets the right treatment.
        /// </summary>
        [JsonIgnore]
        public bool HasSpaces => Links.ContainsKey("Spaces");
    }
}
