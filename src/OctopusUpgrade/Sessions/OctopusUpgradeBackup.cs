using System;

namespace OctopusUpgrade.Sessions
{
    /// <summary>One backup taken during a session.</summary>
    public sealed class OctopusUpgradeBackup
    {
        internal OctopusUpgradeBackup(string kind, string path, DateTimeOffset taken, long sizeBytes, bool verified)
        {
            Kind = kind;
            Path = path;
            Taken = taken;
            SizeBytes = sizeBytes;
            Verified = verified;
        }

        /// <summary>What was backed up: Database, MasterKey, License, ServerFolders or LegacyData (a 2.6 .octobak).</summary>
        public string Kind { get; }

        public string Path { get; }

        public DateTimeOffset Taken { get; }

        public long SizeBytes { get; }

        public bool Verified { get; }

        public override string ToString() => $"{Kind}: {Path}";
    }
}
