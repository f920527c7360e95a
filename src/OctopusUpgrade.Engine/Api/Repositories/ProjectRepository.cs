using System.Collections.Generic;
using System.Threading;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Projects of the client's space.</summary>
    public sealed class ProjectRepository
    {
        private readonly ApiNavigator _navigator;

        internal ProjectRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        public IAsyncEnumerable<OctopusProject> GetAllAsync(CancellationToken cancellationToken = default) =>
            _navigator.ReadScopedAsync<OctopusProject>("Projects", cancellationToken);
    }
}
