using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using Newtonsoft.Json;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Tests.Security
{
    /// <summary>
    /// Every form a server or a tool may echo a secret in is masked, and nothing else is: each case names the exact
    /// text expected, so a secret masked only in part (a shorter one masked first, inside a longer one) fails.
    /// </summary>
    public sealed class SecretMaskerTests
    {
        private const string Key = "API-ABC/def+Gh \"ij\" wö";

        public static TheoryData<string, string> DerivedForms() => new()
        {
            { "exact", Key },
            { "upper case", Key.ToUpperInvariant() },
            { "lower case", Key.ToLowerInvariant() },
            { "URL-encoded, upper-case hex", Uri.EscapeDataString(Key) },
            { "URL-encoded, lower-case hex", LowerHex(Uri.EscapeDataString(Key)) },
            { "form-encoded, '+' for a space", WebUtility.UrlEncode(Key) },
            { "base64 of the UTF-8 bytes", Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)) },
            { "base64url of the UTF-8 bytes", Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)).Replace('+', '-').Replace('/', '_') },
            { "JSON string", JsonConvert.ToString(Key).Trim('"') },
            { "JSON with an escaped solidus", JsonConvert.ToString(Key).Trim('"').Replace("/", "\\/") },
            { "JSON with every character as \\u00xx", string.Concat(Key.Select(c => "\\u" + ((int)c).ToString("x4"))) },
            { "spaced out", string.Join(" ", Key.ToCharArray()) },
            { "spaced out with tabs, upper case", string.Join("\t", Key.ToUpperInvariant().ToCharArray()) },
        };

        [Theory]
        [MemberData(nameof(DerivedForms))]
        public void Every_derived_form_of_a_secret_is_masked(string form, string echoed)
        {
            var masker = MaskerFor(Key);

            var masked = masker.Mask($"The server said: '{echoed}' is not valid.");

            Assert.True(masked == "The server said: '********' is not valid.", $"{form}: {masked}");
        }

        [Theory]
        [InlineData("")]
        [InlineData("a")]
        [InlineData("ab")]
        [InlineData("octopus-admin")]
        public void The_secret_is_masked_inside_basic_auth_base64_whatever_the_user_name(string user)
        {
            var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + Key));
            var masked = MaskerFor(Key).Mask(header);

            Assert.Contains("********", masked, StringComparison.Ordinal);
            // At most two characters either side of the mask may remain: they carry only a few bits of the secret.
            var encodedSecretLength = Key.Length * 4 / 3;
            Assert.True(masked.Length < header.Length - encodedSecretLength + 12, masked);
        }

        [Fact]
        public void A_secret_containing_another_is_masked_whole_whichever_was_added_first()
        {
            foreach (var order in new[] { new[] { "Secret", "MySecretValue" }, new[] { "MySecretValue", "Secret" } })
            {
                var masker = MaskerFor(order);

                Assert.Equal("x ******** y ******** z", masker.Mask("x MySecretValue y Secret z"));
            }
        }

        [Fact]
        public void Overlapping_secrets_leave_no_piece_of_either()
        {
            var masker = MaskerFor("abcdef-1234", "1234-uvwxyz");

            Assert.Equal("[********]", masker.Mask("[abcdef-1234-uvwxyz]"));
        }

        [Fact]
        public void Adjacent_secrets_become_one_mask_so_their_boundary_is_not_shown()
        {
            var masker = MaskerFor("abcdef", "123456");

            Assert.Equal("[********]", masker.Mask("[abcdef123456]"));
        }

        [Fact]
        public void A_shorter_secret_at_either_end_of_a_longer_one_leaves_nothing_of_the_longer()
        {
            var masker = MaskerFor("Sec", "ret", "SecretSauce");

            Assert.Equal("<********>", masker.Mask("<SecretSauce>"));
            Assert.Equal("<******** ********>", masker.Mask("<Sec ret>"));
        }

        [Fact]
        public void A_secret_with_a_character_outside_the_basic_plane_is_masked_url_encoded_too()
        {
            const string secret = "pw\U0001F600x";
            var masker = MaskerFor(secret);

            Assert.Equal("key=********;", masker.Mask("key=" + Uri.EscapeDataString(secret) + ";"));
        }

        [Fact]
        public void Dictionary_keys_and_values_are_masked()
        {
            var masker = MaskerFor(Key);

            var masked = masker.Mask(new Dictionary<string, string> { [Key] = "first", ["second"] = Uri.EscapeDataString(Key), ["third"] = "plain" });

            Assert.Equal(
                new[] { "********=first", "second=********", "third=plain" },
                masked.Select(pair => pair.Key + "=" + pair.Value).OrderBy(line => line, StringComparer.Ordinal));
        }

        /// <summary>
        /// ">d>(~" is five bytes, so each base64 core of it is exactly six characters (the shortest masked), and every
        /// one holds a '+', so the standard and URL-safe alphabets differ. The text around it is base64 of the
        /// secret after zero, one or two other bytes ("u", "us") and before "!?": only the characters that encode
        /// nothing but the secret are masked.
        /// </summary>
        public static TheoryData<string, string, string> Base64Forms() => new()
        {
            { "on its own, padding included", "token=PmQ+KH4=;", "token=********;" },
            { "on its own, URL-safe", "token=PmQ-KH4=;", "token=********;" },
            { "at offset 0", "PmQ+KH4hPw==", "********4hPw==" },
            { "at offset 0, URL-safe", "PmQ-KH4hPw==", "********4hPw==" },
            { "at offset 1", "dT5kPih+IT8=", "dT********IT8=" },
            { "at offset 1, URL-safe", "dT5kPih-IT8=", "dT********IT8=" },
            { "at offset 2", "dXM+ZD4ofiE/", "dXM********iE/" },
            { "at offset 2, URL-safe", "dXM-ZD4ofiE_", "dXM********iE_" },
        };

        [Theory]
        [MemberData(nameof(Base64Forms))]
        public void Every_base64_form_of_a_secret_is_masked_exactly_where_it_encodes_the_secret(string form, string text, string expected)
        {
            var masked = MaskerFor(">d>(~").Mask(text);

            Assert.True(masked == expected, $"{form}: {masked}");
        }

        [Fact]
        public void Base64_that_begins_with_the_secret_itself_is_masked_whole()
        {
            // Base64 of "Vm0wd2QyUXlV" is "Vm0wd2QyUXlVWGxW": the secret as written matches its first twelve
            // characters, and the base64 form all sixteen; the longer, overlapping match must not be lost.
            Assert.Equal("[********]", MaskerFor("Vm0wd2QyUXlV").Mask("[Vm0wd2QyUXlVWGxW]"));
        }

        [Fact]
        public void A_secret_with_control_characters_and_a_final_backslash_is_masked_whole_json_escaped()
        {
            const string secret = "line1\nline2\r\tend\\";

            var masked = MaskerFor(secret).Mask("{\"password\":" + JsonConvert.ToString(secret) + "}");

            Assert.Equal("{\"password\":\"********\"}", masked);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        public void No_text_masks_to_empty_text(string? text)
        {
            Assert.Equal(string.Empty, MaskerFor(Key).Mask(text));
        }

        [Fact]
        public void No_dictionary_masks_to_an_empty_one()
        {
            Assert.Empty(MaskerFor(Key).Mask((IReadOnlyDictionary<string, string>?)null));
        }

        [Fact]
        public void Adding_no_secret_changes_nothing()
        {
            var masker = MaskerFor(Key);

            masker.Add(null);

            Assert.Equal("a ******** b", masker.Mask("a " + Key + " b"));
        }

        [Theory]
        [InlineData("GET https://octopus.example.com/api/packages?take=100 (HTTP 503 Service Unavailable)")]
        [InlineData("The journal at C:\\Octopus\\journal.json was written at 2026-01-01T00:00:00Z.")]
        public void Text_without_a_secret_is_left_as_it_was(string text)
        {
            Assert.Equal(text, MaskerFor(Key, "Sup3r-Secret!Pass").Mask(text));
        }

        private static SecretMasker MaskerFor(params string[] secrets)
        {
            var masker = new SecretMasker();
            foreach (var secret in secrets)
            {
                masker.Add(new Secret(secret));
            }

            return masker;
        }

        private static string LowerHex(string encoded) =>
            System.Text.RegularExpressions.Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
    }
}
