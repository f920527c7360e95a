using System;
using Newtonsoft.Json;

namespace OctopusUpgrade.Engine.Security
{
    /// <summary>Writes a <see cref="Secret"/> as its mask and refuses to read one back: secrets never travel through JSON.</summary>
    public sealed class SecretJsonConverter : JsonConverter<Secret>
    {
        public override void WriteJson(JsonWriter writer, Secret? value, JsonSerializer serializer) => writer.WriteValue(Secret.Mask);

        public override Secret? ReadJson(JsonReader reader, Type objectType, Secret? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            throw new JsonSerializationException("Secrets are never read from JSON.");
    }
}
