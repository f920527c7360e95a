using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Spaces (2019.1 and later) and the one the client works in.</summary>
    public sealed class SpaceRepository
    {
        private readonly ApiNavigator _navigator;

        internal SpaceRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>The space the client works in (<see cref="OctopusApiClientOptions.Space"/> or the default), or null on servers before 2019.1.</summary>
        public async Task<OctopusSpace?> GetCurrentAsync(CancellationToken cancellationToken = default) =>
            (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Space;

        /// <summary>Every space; none on servers before 2019.1.</summary>
        public async IAsyncEnumerable<OctopusSpace> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (!root.HasSpaces)
            {
                yield break;
            }

            await foreach (var space in _navigator.Collections.ReadAsync<OctopusSpace>(root.Links, "Spaces", null, cancellationToken).ConfigureAwait(false))
            {
                yield return space;
            }
        }
    }
}
