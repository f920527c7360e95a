using System;
using System.Globalization;
using System.Linq;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>One package version in a feed: its id and version as the package's manifest gives them.</summary>
    public sealed record OctopusPackage(string PackageId, string Version)
    {
        /// <summary>
        /// The same package whatever the spelling: ids compare case-insensitively (as NuGet's do), versions after NuGet's
        /// normalisation (1.0 is 1.0.0, a zero fourth part and build metadata dropped, the pre-release tag case-insensitive).
        /// </summary>
        public string Key => PackageId.ToUpperInvariant() + " " + NormalizedVersion(Version);

        public override string ToString() => PackageId + " " + Version;

        private static string NormalizedVersion(string version)
        {
            var withoutMetadata = version.Split('+')[0];
            var dash = withoutMetadata.IndexOf('-');
            var numbers = (dash < 0 ? withoutMetadata : withoutMetadata.Substring(0, dash)).Split('.');
            var release = dash < 0 ? string.Empty : withoutMetadata.Substring(dash).ToUpperInvariant();
            if (!numbers.All(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                return version.ToUpperInvariant();
            }

            var parts = numbers.Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
            while (parts.Count < 3)
            {
                parts.Add(0);
            }

            if (parts.Count == 4 && parts[3] == 0)
            {
                parts.RemoveAt(3);
            }

            return string.Join(".", parts.Select(p => p.ToString(CultureInfo.InvariantCulture))) + release;
        }
    }
}
