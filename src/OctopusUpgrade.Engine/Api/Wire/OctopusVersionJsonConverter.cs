using System;
using Newtonsoft.Json;

namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary>
    /// Reads a version string leniently: an unreadable version (documentation placeholders, an odd build) becomes
    /// null instead of failing the whole document, because one bad field must not hide a machine list.
    /// </summary>
    internal sealed class OctopusVersionJsonConverter : JsonConverter<OctopusVersion>
    {
        public override OctopusVersion? ReadJson(JsonReader reader, Type objectType, OctopusVersion? existingValue, bool hasExistingValue, JsonSerializer serializer)
        {
            if (reader.TokenType is JsonToken.StartObject or JsonToken.StartArray)
            {
                reader.Skip();
                return null;
            }

            return OctopusVersion.TryParse(reader.Value?.ToString(), out var version) ? version : null;
        }

        public override void WriteJson(JsonWriter writer, OctopusVersion? value, JsonSerializer serializer) => writer.WriteValue(value?.ToString());
    }
}
