using System;
using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Server
{
    /// <summary>
    /// An instance's settings as <c>show-configuration --format=json</c> prints them: flat <c>Octopus.*</c> keys (the
    /// json-hierarchical form is flattened to the same keys). Values are kept as the text the server printed, since
    /// real servers print some booleans as JSON booleans and others as the strings <c>"True"</c>/<c>"False"</c>.
    /// </summary>
    public sealed class OctopusServerConfiguration
    {
        private readonly IReadOnlyDictionary<string, string?> _settings;

        internal OctopusServerConfiguration(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

        public IEnumerable<string> Keys => _settings.Keys;

        /// <summary>The value's text, or null when the key is absent or null.</summary>
        public string? Get(string key) => _settings.TryGetValue(key, out var value) ? value : null;

        /// <summary>The value as a boolean (<c>true</c>, <c>"True"</c>, <c>"false"</c>, …), or null when absent or not a boolean.</summary>
        public bool? GetBoolean(string key) => bool.TryParse(Get(key), out var value) ? value : null;
    }
}
