using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A project's deployment process as read: its version (a save must name it) and its steps.</summary>
    public sealed class OctopusDeploymentProcess
    {
        internal OctopusDeploymentProcess(JObject document, IReadOnlyList<OctopusProcessStep> steps)
        {
            Document = document;
            Steps = steps;
        }

        public string Id => (string?)Document["Id"] ?? string.Empty;

        public int Version => (int?)Document["Version"] ?? 0;

        public IReadOnlyList<OctopusProcessStep> Steps { get; }

        /// <summary>The whole document, so a save keeps every field this client does not model.</summary>
        internal JObject Document { get; }
    }
}
