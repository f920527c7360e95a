using Newtonsoft.Json;
using OctopusUpgrade.Engine.Api.Wire;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>The one JSON configuration for Octopus documents: unknown fields ignored, versions read leniently.</summary>
    internal static class ApiJson
    {
        public static JsonSerializer CreateSerializer() =>
            JsonSerializer.Create(new JsonSerializerSettings
            {
                DateParseHandling = DateParseHandling.DateTimeOffset,
                MissingMemberHandling = MissingMemberHandling.Ignore,
                NullValueHandling = NullValueHandling.Ignore,
                Converters = { new OctopusVersionJsonConverter() },
            });
    }
}
