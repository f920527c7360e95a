using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Engine.Security
{
    /// <summary>
    /// Replaces every known secret value in a text with <see cref="Secret.Mask"/>. Everything the engine writes
    /// for people (journal details, verbose lines, error messages) passes through one of these, so a secret that
    /// reached a message by way of a server's echo or a tool's output still does not leave the process.
    /// </summary>
    public sealed class SecretMasker
    {
        private readonly object _gate = new();
        private string[] _values = Array.Empty<string>();

        public void Add(Secret? secret)
        {
            if (secret is null)
            {
                return;
            }

            lock (_gate)
            {
                // Longest first, so a secret that contains another is masked whole.
                _values = _values.Append(secret.Reveal()).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToArray();
            }
        }

        public string Mask(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = text!;
            foreach (var value in _values)
            {
                result = result.Replace(value, Secret.Mask);
            }

            return result;
        }

        public IReadOnlyDictionary<string, string> Mask(IReadOnlyDictionary<string, string>? values)
        {
            var masked = new Dictionary<string, string>(StringComparer.Ordinal);
            if (values is null)
            {
                return masked;
            }

            foreach (var pair in values)
            {
                masked[Mask(pair.Key)] = Mask(pair.Value);
            }

            return masked;
        }
    }
}
