using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;
using OctopusUpgrade.Engine.Api.Wire;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>The server's nodes (one, or several in a high-availability cluster): list, live summary, drain.</summary>
    public sealed class ServerNodeRepository
    {
        private readonly ApiNavigator _navigator;

        internal ServerNodeRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        public async IAsyncEnumerable<OctopusServerNode> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var node in _navigator.Collections.ReadAsync<OctopusServerNode>(root.Links, "OctopusServerNodes", null, cancellationToken).ConfigureAwait(false))
            {
                yield return node;
            }
        }

        /// <summary>
        /// Every node with its live state (version, offline, running task count) from the cluster summary where the server
        /// has one (2019.x and later); the node list, which carries none of those, on older servers.
        /// </summary>
        public async Task<IReadOnlyList<OctopusServerNode>> GetAllWithStateAsync(CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (root.Links.ContainsKey("OctopusServerClusterSummary"))
            {
                return (await _navigator.GetRootLinkAsync<ClusterSummary>("OctopusServerClusterSummary", cancellationToken).ConfigureAwait(false)).Nodes;
            }

            var nodes = new List<OctopusServerNode>();
            await foreach (var node in GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                nodes.Add(node);
            }

            return nodes;
        }

        /// <summary>Drains (true) or resumes (false) one node by its own maintenance flag.</summary>
        public async Task<OctopusServerNode> SetMaintenanceModeAsync(OctopusServerNode node, bool isInMaintenanceMode, CancellationToken cancellationToken = default)
        {
            if (node is null)
            {
                throw new ArgumentNullException(nameof(node));
            }

            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var uri = node.Links.TryGetValue("Self", out var self) ? _navigator.Resolve(self)
                : node.Links.TryGetValue("Node", out var link) ? _navigator.Resolve(link)
                : _navigator.ById(root.Links, "OctopusServerNodes", node.Id);
            var body = new { node.Id, node.Name, node.MaxConcurrentTasks, IsInMaintenanceMode = isInMaintenanceMode };
            return await _navigator.Transport.SendAsync<OctopusServerNode>(HttpMethod.Put, uri, body, cancellationToken).ConfigureAwait(false);
        }
    }
}
