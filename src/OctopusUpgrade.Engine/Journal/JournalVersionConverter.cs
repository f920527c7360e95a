using System;
using Newtonsoft.Json;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>
    /// Versions in the journal as their text. Strict, unlike the API's lenient reader: a version the journal cannot
    /// read back is damage to report (<c>JournalCorrupt</c>), never a fact to drop.
    /// </summary>
    internal sealed class JournalVersionConverter : JsonConverter<OctopusVersion>
    {
        public override OctopusVersion? ReadJson(JsonReader reader, Type objectType, OctopusVersion? existingValue, bool hasExistingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null)
            {
                return null;
            }

            return reader.TokenType == JsonToken.String && OctopusVersion.TryParse((string)reader.Value!, out var version)
                ? version
                : throw new JsonSerializationException($"'{reader.Value}' at {reader.Path} is not an Octopus version.");
        }

        public override void WriteJson(JsonWriter writer, OctopusVersion? value, JsonSerializer serializer) => writer.WriteValue(value?.ToString());
    }
}
