using System;
using System.Globalization;
using System.Linq;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>
    /// An Octopus Server or Tentacle version: <c>2.6.5</c>, <c>3.12.1</c>, <c>2019.7.12</c>, <c>2024.3.12345</c>,
    /// <c>2.0.9.0</c>, <c>3.3.0-beta0002</c>. Compared numerically part by part (a missing part counts as 0, so
    /// <c>2.0.9</c> equals <c>2.0.9.0</c>); a pre-release sorts before its release, as in SemVer. Build metadata after
    /// <c>+</c> is kept in <see cref="ToString"/> but ignored when comparing. Upgrade decisions ("is 2018.10 newer than
    /// 3.17?") go wrong when versions are compared as strings, which is why this type exists.
    /// </summary>
    public sealed class OctopusVersion : IComparable<OctopusVersion>, IEquatable<OctopusVersion>
    {
        private const int MaxParts = 4;

        private readonly int[] _parts;
        private readonly string[] _preRelease;
        private readonly string _text;

        private OctopusVersion(int[] parts, string[] preRelease, string text)
        {
            _parts = parts;
            _preRelease = preRelease;
            _text = text;
        }

        public int Major => _parts[0];

        public int Minor => Part(1);

        public int Patch => Part(2);

        public int Revision => Part(3);

        /// <summary>The pre-release label without the dash (<c>beta0002</c>), or empty for a release.</summary>
        public string PreRelease => string.Join(".", _preRelease);

        public bool IsPreRelease => _preRelease.Length > 0;

        public static OctopusVersion Parse(string text) =>
            TryParse(text, out var version)
                ? version!
                : throw new FormatException($"'{text}' is not a version such as 2.6.5, 2019.7.12 or 3.3.0-beta0002.");

        public static bool TryParse(string? text, out OctopusVersion? version)
        {
            version = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            var trimmed = text!.Trim();
            var withoutMetadata = trimmed.Split(new[] { '+' }, 2)[0];
            var dash = withoutMetadata.IndexOf('-');
            var core = dash < 0 ? withoutMetadata : withoutMetadata.Substring(0, dash);
            var label = dash < 0 ? string.Empty : withoutMetadata.Substring(dash + 1);

            var coreParts = core.Split('.');
            if (coreParts.Length > MaxParts || (dash >= 0 && label.Length == 0))
            {
                return false;
            }

            var parts = new int[coreParts.Length];
            for (var i = 0; i < coreParts.Length; i++)
            {
                if (coreParts[i].Length == 0 || !coreParts[i].All(IsAsciiDigit) ||
                    !int.TryParse(coreParts[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
                {
                    return false;
                }
            }

            var preRelease = label.Length == 0 ? Array.Empty<string>() : label.Split('.');
            if (preRelease.Any(identifier => identifier.Length == 0))
            {
                return false;
            }

            version = new OctopusVersion(parts, preRelease, trimmed);
            return true;
        }

        public int CompareTo(OctopusVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            for (var i = 0; i < MaxParts; i++)
            {
                var byPart = Part(i).CompareTo(other.Part(i));
                if (byPart != 0)
                {
                    return byPart;
                }
            }

            return ComparePreRelease(_preRelease, other._preRelease);
        }

        public bool Equals(OctopusVersion? other) => CompareTo(other) == 0;

        public override bool Equals(object? obj) => Equals(obj as OctopusVersion);

        public override int GetHashCode()
        {
            var hash = 17;
            for (var i = 0; i < MaxParts; i++)
            {
                hash = unchecked((hash * 31) + Part(i));
            }

            return _preRelease.Aggregate(hash, (current, identifier) => unchecked((current * 31) + StringComparer.OrdinalIgnoreCase.GetHashCode(identifier)));
        }

        /// <summary>The text as the server sent it.</summary>
        public override string ToString() => _text;

        public static bool operator ==(OctopusVersion? left, OctopusVersion? right) => left is null ? right is null : left.Equals(right);

        public static bool operator !=(OctopusVersion? left, OctopusVersion? right) => !(left == right);

        public static bool operator <(OctopusVersion? left, OctopusVersion? right) => Compare(left, right) < 0;

        public static bool operator >(OctopusVersion? left, OctopusVersion? right) => Compare(left, right) > 0;

        public static bool operator <=(OctopusVersion? left, OctopusVersion? right) => Compare(left, right) <= 0;

        public static bool operator >=(OctopusVersion? left, OctopusVersion? right) => Compare(left, right) >= 0;

        private static int Compare(OctopusVersion? left, OctopusVersion? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

        private int Part(int index) => index < _parts.Length ? _parts[index] : 0;

        private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

        // SemVer precedence: a release outranks any pre-release; identifiers compare numerically when both are
        // numbers, otherwise ordinally (case-insensitive, as Octopus labels are not case-significant).
        private static int ComparePreRelease(string[] left, string[] right)
        {
            if (left.Length == 0 || right.Length == 0)
            {
                return right.Length.CompareTo(left.Length);
            }

            for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
            {
                var leftIsNumber = long.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var leftNumber);
                var rightIsNumber = long.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var rightNumber);
                var byIdentifier = leftIsNumber && rightIsNumber
                    ? leftNumber.CompareTo(rightNumber)
                    : leftIsNumber != rightIsNumber
                        ? (leftIsNumber ? -1 : 1)
                        : string.Compare(left[i], right[i], StringComparison.OrdinalIgnoreCase);
                if (byIdentifier != 0)
                {
                    return byIdentifier;
                }
            }

            return left.Length.CompareTo(right.Length);
        }
    }
}
