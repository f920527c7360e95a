using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>The result of Copy-NuGetPackages: what was copied, skipped and failed, and how fast.</summary>
    public sealed class PackageCopyResult : OctopusUpgradeStepResult
    {
        internal PackageCopyResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
            : base(session, started, ended)
        {
        }

        public string Source { get; internal set; } = string.Empty;

        public string Destination { get; internal set; } = string.Empty;

        public int Copied { get; internal set; }

        public int Skipped { get; internal set; }

        public int Failed { get; internal set; }

        public long BytesCopied { get; internal set; }

        public double BytesPerSecond { get; internal set; }

        /// <summary>How many packages the destination feed folder holds after the copy: what a re-index should report.</summary>
        public int PackageCount { get; internal set; }

        public bool Reindexed { get; internal set; }

        /// <summary>How many packages the feed listed when the re-index wait ended.</summary>
        public int? IndexedPackages { get; internal set; }

        /// <summary>Copied packages ("Id Version") the feed did not list when the re-index wait ended; empty when it lists them all.</summary>
        public string[] MissingPackages { get; internal set; } = Array.Empty<string>();
    }
}
