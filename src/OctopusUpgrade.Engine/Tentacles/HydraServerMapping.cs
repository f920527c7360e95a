using System;
using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>
    /// Hydra's <c>ServerMapping</c>, checked before anything runs, because a wrong one strands polling Tentacles where
    /// neither server reaches them: empty (listening Tentacles only), one new polling address (every instance moves
    /// there), or <c>old=&gt;new</c> pairs separated by <c>,</c> or <c>;</c>, each an absolute URL ending in <c>/</c>
    /// (Hydra matches the old address exactly, trailing slash included).
    /// </summary>
    public sealed class HydraServerMapping
    {
        private HydraServerMapping(string text, Uri? newAddress, IReadOnlyList<KeyValuePair<Uri, Uri>> pairs)
        {
            Text = text;
            NewAddress = newAddress;
            Pairs = pairs;
        }

        /// <summary>The mapping as Hydra is given it (spaces removed, as its step template does).</summary>
        public string Text { get; }

        /// <summary>The single address every polling instance moves to; null for pairs or no mapping.</summary>
        public Uri? NewAddress { get; }

        public IReadOnlyList<KeyValuePair<Uri, Uri>> Pairs { get; }

        public bool IsEmpty => NewAddress is null && Pairs.Count == 0;

        public static HydraServerMapping Parse(string? text)
        {
            var compact = new string((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray());
            if (compact.Length == 0)
            {
                return new HydraServerMapping(string.Empty, null, Array.Empty<KeyValuePair<Uri, Uri>>());
            }

            if (!compact.Contains("=>"))
            {
                return new HydraServerMapping(compact, Address(compact, "the new polling address", requireSlash: false), Array.Empty<KeyValuePair<Uri, Uri>>());
            }

            var pairs = new List<KeyValuePair<Uri, Uri>>();
            foreach (var pair in compact.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var sides = pair.Split(new[] { "=>" }, StringSplitOptions.None);
                if (sides.Length != 2)
                {
                    throw Invalid($"'{pair}' is not one old=>new pair.");
                }

                pairs.Add(new KeyValuePair<Uri, Uri>(Address(sides[0], "an old address", requireSlash: true), Address(sides[1], "a new address", requireSlash: true)));
            }

            var repeated = pairs.GroupBy(p => p.Key.AbsoluteUri, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
            {
                throw Invalid($"'{repeated.Key}' is mapped more than once.");
            }

            return new HydraServerMapping(compact, null, pairs);
        }

        private static Uri Address(string text, string what, bool requireSlash)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid($"'{text}' is not {what} as an absolute URL such as https://newserver:10943/.");
            }

            if (requireSlash && !text.EndsWith("/", StringComparison.Ordinal))
            {
                throw Invalid($"'{text}' must end with '/': Hydra matches the old address exactly, trailing slash included.");
            }

            return uri;
        }

        private static OctopusUpgradeException Invalid(string why) =>
            new(
                TentacleErrorIds.ServerMappingInvalid,
                FailureCategory.InvalidArgument,
                "-ServerMapping is not one Hydra can use: " + why + " Give one new polling address (https://newserver:10943/), or old=>new pairs separated by ',' or ';' (https://old:10943/=>https://new:10943/). A wrong mapping strands polling Tentacles. Nothing was changed.");
    }
}
