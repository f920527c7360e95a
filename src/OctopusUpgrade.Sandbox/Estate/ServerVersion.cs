using System;
using System.Globalization;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// An Octopus Server version and the API traits that follow from it. Every "since version X" rule the sandbox
    /// applies is decided here or in <see cref="SandboxAssumptions"/>, so a wrong belief has one place to be fixed.
    /// </summary>
    public sealed class ServerVersion : IComparable<ServerVersion>
    {
        private readonly Version _version;

        private ServerVersion(string text, Version version)
        {
            Text = text;
            _version = version;
        }

        /// <summary>The version as the server reports it in <c>/api</c> (e.g. <c>2019.7.12</c>).</summary>
        public string Text { get; }

        /// <summary>Major version (2, 3, 2018, 2019, 2024…).</summary>
        public int Major => _version.Major;

        /// <summary>True for 2.x servers (RavenDB, Halibut-less 2.x Tentacle protocol, no <c>Endpoint</c> on machines).</summary>
        public bool IsLegacy2x => _version.Major < 3;

        /// <summary>Spaces shipped in 2019.1: space-scoped routes and per-space package folders.</summary>
        public bool HasSpaces => AtLeast(2019, 1);

        /// <summary>Parses <c>2.6.5</c>, <c>3.12.1</c>, <c>2019.7.12</c>, <c>2024.3.1234</c>; pre-release tags are ignored.</summary>
        public static ServerVersion Parse(string text)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(text);
            var core = text.Split('-', '+')[0];
            if (!Version.TryParse(core.Contains('.', StringComparison.Ordinal) ? core : core + ".0", out var parsed))
            {
                throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not an Octopus Server version.", text));
            }

            return new ServerVersion(text, parsed);
        }

        /// <summary>True when this version is at or after <paramref name="major"/>.<paramref name="minor"/>.</summary>
        public bool AtLeast(int major, int minor = 0, int build = 0) =>
            _version >= new Version(major, minor, build);

        /// <summary>True when this version is at or after <paramref name="other"/>.</summary>
        public bool AtLeast(ServerVersion other) => CompareTo(other) >= 0;

        /// <inheritdoc />
        public int CompareTo(ServerVersion? other) => other is null ? 1 : _version.CompareTo(other._version);

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
