using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.Engine.Security
{
    /// <summary>
    /// Replaces every known secret value in a text with <see cref="Secret.Mask"/>. Everything the engine writes
    /// for people (journal details, verbose lines, error messages) passes through one of these, so a secret that
    /// reached a message by way of a server's echo or a tool's output still does not leave the process.
    /// A server or tool rarely echoes a value as it was sent, so every form derived from it is masked too: any
    /// letter case, URL-encoded (%XX in either case, '+' for a space), JSON-escaped (<c>\/</c>, <c>\"</c>,
    /// <c>\u00XX</c>), spaced out, any mix of those, and base64 of its UTF-8 bytes at any offset (so inside
    /// <c>user:password</c> basic-auth text too).
    /// </summary>
    public sealed class SecretMasker
    {
        /// <summary>A base64 run shorter than this is too likely to occur by chance to be masked.</summary>
        private const int MinimumBase64Length = 6;

        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

        private readonly object _gate = new();
        private string[] _values = Array.Empty<string>();
        private Regex[] _patterns = Array.Empty<Regex>();

        public void Add(Secret? secret)
        {
            if (secret is null)
            {
                return;
            }

            lock (_gate)
            {
                // No order among secrets: Mask merges the matches of all of them, so one inside another is masked whole.
                _values = _values.Append(secret.Reveal()).Distinct(StringComparer.Ordinal).ToArray();
                _patterns = _values.SelectMany(Patterns).ToArray();
            }
        }

        public string Mask(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            Regex[] patterns;
            lock (_gate)
            {
                patterns = _patterns;
            }

            // Every match of every secret is found in the original text and overlapping matches are merged, so a
            // secret that contains, or overlaps, another leaves no piece of either behind.
            // No pattern matches empty text: each needs at least one character of a secret, which is never empty.
            var spans = patterns
                .SelectMany(pattern => pattern.Matches(text).Cast<Match>())
                .Select(match => (Start: match.Index, End: match.Index + match.Length))
                .OrderBy(span => span.Start)
                .ToList();
            var result = new StringBuilder(text!.Length);
            var position = 0;
            var index = 0;
            while (index < spans.Count)
            {
                var (start, end) = spans[index++];
                while (index < spans.Count && spans[index].Start <= end)
                {
                    end = Math.Max(end, spans[index++].End);
                }

                result.Append(text, position, start - position).Append(Secret.Mask);
                position = end;
            }

            return result.Append(text, position, text.Length - position).ToString();
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

        /// <summary>
        /// The patterns for every form of one secret: one for its characters, each in any of its encodings and
        /// separated by optional white space, and one for each of its base64 forms. Each is searched on its own, so
        /// no form's match hides an overlapping, longer one of another form (a base64 text may begin with the
        /// secret itself); <see cref="Mask(string)"/> merges them all.
        /// </summary>
        private static IEnumerable<Regex> Patterns(string value)
        {
            yield return Compile(string.Join(@"\s*", TextElements(value).Select(CharacterForms)));
            foreach (var form in Base64Forms(value).Where(form => form.Length >= MinimumBase64Length).Distinct(StringComparer.Ordinal))
            {
                yield return Compile(Regex.Escape(form));
            }
        }

        private static Regex Compile(string pattern) =>
            new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);

        private static IEnumerable<string> TextElements(string value)
        {
            for (var i = 0; i < value.Length; i += char.IsSurrogatePair(value, i) ? 2 : 1)
            {
                yield return value.Substring(i, char.IsSurrogatePair(value, i) ? 2 : 1);
            }
        }

        /// <summary>A character as written, percent-encoded (its UTF-8 bytes), '+' for a space, or JSON-escaped.</summary>
        private static string CharacterForms(string character)
        {
            var forms = new List<string>
            {
                character,
                string.Concat(Encoding.UTF8.GetBytes(character).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture))),
                string.Concat(character.Select(c => @"\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture))),
            };
            switch (character)
            {
                case " ":
                    forms.Add("+");
                    break;
                case "/":
                case "\"":
                case "\\":
                    forms.Add(@"\" + character);
                    break;
                case "\n":
                    forms.Add(@"\n");
                    break;
                case "\r":
                    forms.Add(@"\r");
                    break;
                case "\t":
                    forms.Add(@"\t");
                    break;
            }

            return "(?:" + string.Join("|", forms.Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).Select(Regex.Escape)) + ")";
        }

        /// <summary>
        /// The base64 characters that encode only the secret's bytes, for each of the three offsets it can start at
        /// inside a longer encoded text; the edge characters that also hold bits of the neighbouring bytes are left
        /// out, and reveal too little to matter; the secret encoded on its own is masked whole, padding included.
        /// Standard and URL-safe alphabets.
        /// </summary>
        private static IEnumerable<string> Base64Forms(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var whole = Convert.ToBase64String(bytes);
            yield return whole;
            yield return whole.Replace('+', '-').Replace('/', '_');
            for (var offset = 0; offset < 3; offset++)
            {
                var encoded = Convert.ToBase64String(new byte[offset].Concat(bytes).ToArray());
                var first = (8 * offset + 5) / 6;
                var last = (8 * (offset + bytes.Length) / 6) - 1;

                // A secret is never empty, so the length is never negative; a short core is dropped by the caller.
                var core = encoded.Substring(first, last - first + 1);
                yield return core;
                yield return core.Replace('+', '-').Replace('/', '_');
            }
        }
    }
}
