using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Step templates (<c>ActionTemplates</c>; on 2.x the <see cref="LegacyRoutes"/> route).</summary>
    public sealed class ActionTemplateRepository
    {
        private const string LinkName = "ActionTemplates";

        private readonly ApiNavigator _navigator;

        internal ActionTemplateRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>The step template with this name (case-insensitive, as the server's names are), or null.</summary>
        public Task<OctopusActionTemplate?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
            _navigator.WithLinkAsync(
                LinkName,
                links => _navigator.Collections.FirstAsync<OctopusActionTemplate>(links, LinkName, t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase), cancellationToken),
                cancellationToken);

        /// <summary>Creates a step template (sent once) with string properties and parameters named, labelled and helped as given.</summary>
        public Task<OctopusActionTemplate> CreateAsync(
            string name, string description, string actionType, IReadOnlyDictionary<string, string> properties, IReadOnlyList<OctopusTemplateParameter> parameters, CancellationToken cancellationToken = default)
        {
            var body = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Name"] = name,
                ["Description"] = description,
                ["ActionType"] = actionType,
                ["Properties"] = properties,
                ["Parameters"] = parameters.Select(p => new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["Name"] = p.Name,
                    ["Label"] = p.Label,
                    ["HelpText"] = p.HelpText,
                    ["DefaultValue"] = null,
                    ["DisplaySettings"] = new Dictionary<string, string>(StringComparer.Ordinal),
                }).ToArray(),
            };
            return _navigator.WithLinkAsync(
                LinkName,
                links => _navigator.Transport.SendAsync<OctopusActionTemplate>(HttpMethod.Post, _navigator.Expand(links, LinkName, null), body, cancellationToken),
                cancellationToken);
        }
    }
}
