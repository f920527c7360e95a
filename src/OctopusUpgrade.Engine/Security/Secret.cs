using System;
using Newtonsoft.Json;

namespace OctopusUpgrade.Engine.Security
{
    /// <summary>
    /// A secret value (API key, SQL password, Master Key) that cannot be rendered by accident: ToString and
    /// JSON serialization give a mask, and only <see cref="Reveal"/> hands out the value, at the moment it is sent.
    /// </summary>
    [JsonConverter(typeof(SecretJsonConverter))]
    public sealed class Secret : IEquatable<Secret>
    {
        public const string Mask = "********";

        private readonly string _value;

        public Secret(string value)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("A secret cannot be empty.", nameof(value));
            }

            _value = value;
        }

        /// <summary>The value itself. Call only where it leaves the process (a header, a connection).</summary>
        public string Reveal() => _value;

        public override string ToString() => Mask;

        public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as Secret);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
    }
}
