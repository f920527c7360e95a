using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Environments of the client's space.</summary>
    public sealed class EnvironmentRepository
    {
        private readonly ApiNavigator _navigator;

        internal EnvironmentRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        public async IAsyncEnumerable<OctopusEnvironment> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var links = (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            await foreach (var environment in _navigator.Collections.ReadAsync<OctopusEnvironment>(links, "Environments", null, cancellationToken).ConfigureAwait(false))
            {
                yield return environment;
            }
        }
    }
}
