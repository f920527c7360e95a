using System.Collections.Generic;
using System.Threading;
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

        public IAsyncEnumerable<OctopusEnvironment> GetAllAsync(CancellationToken cancellationToken = default) =>
            _navigator.ReadScopedAsync<OctopusEnvironment>("Environments", cancellationToken);
    }
}
