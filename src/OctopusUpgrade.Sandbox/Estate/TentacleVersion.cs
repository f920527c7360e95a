using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Comparisons on Tentacle version strings, which share the server's dotted format.</summary>
    internal static class TentacleVersion
    {
        /// <summary>Major version of a Tentacle version string; 0 when unparseable.</summary>
        public static int Major(string version) =>
            Version.TryParse(version.Split('-', '+')[0], out var parsed) ? parsed.Major : 0;

        /// <summary>
        /// Whether a server can talk to a Tentacle. 2.x servers speak only the 2.x protocol and 3.x+ servers only
        /// Halibut, the protocol break documented for the 2.6 → 3.x migration (Hydra exists because of it).
        /// </summary>
        public static bool CanTalk(ServerVersion server, string tentacleVersion) =>
            server.IsLegacy2x == (Major(tentacleVersion) < 3);

        /// <summary>True when <paramref name="version"/> sorts before <paramref name="other"/>.</summary>
        public static bool IsOlder(string version, string other) =>
            Version.TryParse(version.Split('-', '+')[0], out var a) && Version.TryParse(other.Split('-', '+')[0], out var b) && a < b;
    }
}
