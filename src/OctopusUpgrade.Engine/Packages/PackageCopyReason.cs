namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>Why a file is copied or skipped; shown by <c>-WhatIf</c> and in verbose output.</summary>
    public enum PackageCopyReason
    {
        /// <summary>No file of that name exists at the destination.</summary>
        Missing = 0,

        /// <summary>The destination file has another size.</summary>
        SizeDiffers,

        /// <summary>Same size, but the last-write times differ (fast verification).</summary>
        TimestampDiffers,

        /// <summary>Same size, but the content hashes differ (full verification).</summary>
        ContentDiffers,

        /// <summary>Same size and last-write time (fast verification).</summary>
        SizeAndTimestampMatch,

        /// <summary>Same content, proven by hashing both files (full verification).</summary>
        ContentMatches,
    }
}
