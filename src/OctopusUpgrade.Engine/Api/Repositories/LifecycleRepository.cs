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
    /// <summary>Lifecycles (<c>Lifecycles</c>; on 2.x the <see cref="LegacyRoutes"/> route).</summary>
    public sealed class LifecycleRepository
    {
        private const string LinkName = "Lifecycles";

        private static readonly string[] TargetLists = { "AutomaticDeploymentTargets", "OptionalDeploymentTargets" };

        private readonly ApiNavigator _navigator;

        internal LifecycleRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        public Task<OctopusLifecycle?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
            _navigator.WithLinkAsync(
                LinkName,
                async links =>
                {
                    var found = await _navigator.Collections.FirstAsync<JObject>(links, LinkName, l => string.Equals((string?)l["Name"], name, StringComparison.OrdinalIgnoreCase), cancellationToken).ConfigureAwait(false);
                    return found is null ? null : Of(found);
                },
                cancellationToken);

        /// <summary>Creates a lifecycle of one optional phase that reaches the given environments in any order (sent once).</summary>
        public Task<OctopusLifecycle> CreateAsync(string name, string description, IReadOnlyList<string> environmentIds, CancellationToken cancellationToken = default)
        {
            var body = new JObject
            {
                ["Name"] = name,
                ["Description"] = description,
                ["Phases"] = new JArray(Phase(name, environmentIds)),
            };
            return _navigator.WithLinkAsync(
                LinkName,
                async links => Of(await _navigator.Transport.SendAsync<JObject>(HttpMethod.Post, _navigator.Expand(links, LinkName, null), body, cancellationToken).ConfigureAwait(false)),
                cancellationToken);
        }

        /// <summary>Adds environments to the lifecycle's first phase as optional targets, keeping everything else it holds.</summary>
        public async Task<OctopusLifecycle> AddEnvironmentsAsync(OctopusLifecycle lifecycle, IReadOnlyList<string> environmentIds, CancellationToken cancellationToken = default)
        {
            if (lifecycle is null)
            {
                throw new ArgumentNullException(nameof(lifecycle));
            }

            var self = _navigator.Resolve(_navigator.RequireLink(lifecycle.Links, "Self"));
            var document = await _navigator.Transport.SendAsync<JObject>(HttpMethod.Get, self, null, cancellationToken).ConfigureAwait(false);
            if (document["Phases"] is not JArray { Count: > 0 } phases)
            {
                document["Phases"] = new JArray(Phase(lifecycle.Name, environmentIds));
            }
            else
            {
                var optional = phases[0]["OptionalDeploymentTargets"] as JArray ?? new JArray();
                foreach (var id in environmentIds.Where(id => !optional.Values<string>().Contains(id, StringComparer.OrdinalIgnoreCase)))
                {
                    optional.Add(id);
                }

                phases[0]["OptionalDeploymentTargets"] = optional;
            }

            return Of(await _navigator.Transport.SendAsync<JObject>(HttpMethod.Put, self, document, cancellationToken).ConfigureAwait(false));
        }

        private static JObject Phase(string name, IReadOnlyList<string> environmentIds) => new()
        {
            ["Name"] = name,
            ["AutomaticDeploymentTargets"] = new JArray(),
            ["OptionalDeploymentTargets"] = new JArray(environmentIds.ToArray<object>()),
            ["MinimumEnvironmentsBeforePromotion"] = 0,
        };

        private static OctopusLifecycle Of(JObject document) => new()
        {
            Id = (string?)document["Id"] ?? string.Empty,
            Name = (string?)document["Name"] ?? string.Empty,
            EnvironmentIds = (document["Phases"] as JArray ?? new JArray())
                .SelectMany(p => TargetLists.SelectMany(list => (p[list] as JArray ?? new JArray()).Values<string>()))
                .OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList(),
            Links = document["Links"]?.ToObject<Dictionary<string, string>>() ?? new Dictionary<string, string>(),
        };
    }
}
