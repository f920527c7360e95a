using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Deployments (<c>Deployments</c>; on 2.x the <see cref="LegacyRoutes"/> route).</summary>
    public sealed class DeploymentRepository
    {
        private const string LinkName = "Deployments";

        private readonly ApiNavigator _navigator;

        internal DeploymentRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>
        /// Deploys a release to an environment, to the given machines only (sent once: a lost answer does not mean no
        /// Deploy task was queued).
        /// </summary>
        public Task<OctopusDeployment> CreateAsync(string releaseId, string environmentId, IReadOnlyCollection<string> machineIds, string comments, CancellationToken cancellationToken = default)
        {
            var body = new JObject
            {
                ["ReleaseId"] = releaseId,
                ["EnvironmentId"] = environmentId,
                ["SpecificMachineIds"] = new JArray((machineIds ?? throw new ArgumentNullException(nameof(machineIds))).ToArray<object>()),
                ["Comments"] = comments,
            };
            return _navigator.WithLinkAsync(
                LinkName,
                links => _navigator.Transport.SendAsync<OctopusDeployment>(HttpMethod.Post, _navigator.Expand(links, LinkName, null), body, cancellationToken),
                cancellationToken);
        }
    }
}
