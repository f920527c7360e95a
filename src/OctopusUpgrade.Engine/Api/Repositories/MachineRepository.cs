using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;
using OctopusUpgrade.Engine.Api.Wire;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Deployment targets and workers of the client's space, normalised from every server generation.</summary>
    public sealed class MachineRepository
    {
        private readonly ApiNavigator _navigator;

        internal MachineRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>Every deployment target in the space, one page in memory at a time.</summary>
        public IAsyncEnumerable<OctopusMachine> GetAllAsync(CancellationToken cancellationToken = default) =>
            ReadAsync("Machines", isWorker: false, cancellationToken);

        /// <summary>Every worker in the space; none on servers without workers (before 2018.x).</summary>
        public IAsyncEnumerable<OctopusMachine> GetWorkersAsync(CancellationToken cancellationToken = default) =>
            ReadAsync("Workers", isWorker: true, cancellationToken);

        public async Task<OctopusMachine> GetAsync(string machineId, CancellationToken cancellationToken = default)
        {
            var scope = await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            var uri = _navigator.ById(scope.Links, "Machines", machineId);
            var wire = await _navigator.Transport.SendAsync<MachineWire>(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
            return wire.ToMachine(isWorker: false);
        }

        /// <summary>The machine's connection status through its own <c>Connection</c> link (one request per machine).</summary>
        public Task<OctopusMachineConnection> GetConnectionAsync(string connectionLink, CancellationToken cancellationToken = default) =>
            _navigator.Transport.SendAsync<OctopusMachineConnection>(HttpMethod.Get, _navigator.Resolve(connectionLink), null, cancellationToken);

        private async IAsyncEnumerable<OctopusMachine> ReadAsync(string linkName, bool isWorker, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var links = (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            if (isWorker && !links.ContainsKey(linkName))
            {
                yield break;
            }

            await foreach (var wire in _navigator.Collections.ReadAsync<MachineWire>(links, linkName, null, cancellationToken).ConfigureAwait(false))
            {
                yield return wire.ToMachine(isWorker);
            }
        }
    }
}
