namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>The error ids of <c>Copy-NuGetPackages</c>: the copy of the built-in feed and its re-index.</summary>
    public static class PackageErrorIds
    {
        public const string Prefix = "Package";

        public const string CopyPathNotAbsolute = "PackageCopyPathNotAbsolute";
        public const string CopySourceNotFound = "PackageCopySourceNotFound";
        public const string CopySourceUnreadable = "PackageCopySourceUnreadable";
        public const string CopySamePath = "PackageCopySamePath";
        public const string CopyPathsOverlap = "PackageCopyPathsOverlap";
        public const string CopySpaceRequired = "PackageCopySpaceRequired";
        public const string CopyHomeUnknown = "PackageCopyHomeUnknown";
        public const string CopyServerVersionUnknown = "PackageCopyServerVersionUnknown";

        /// <summary>The session's server is still 2.x: the feed would be copied into the old server's own folder.</summary>
        public const string CopyServerNotUpgraded = "PackageCopyServerNotUpgraded";
        public const string CopyDestinationIsFile = "PackageCopyDestinationIsFile";
        public const string CopyDestinationUnwritable = "PackageCopyDestinationUnwritable";

        /// <summary>Another live copy holds the destination's lock file.</summary>
        public const string CopyDestinationInUse = "PackageCopyDestinationInUse";
        public const string CopyInsufficientSpace = "PackageCopyInsufficientSpace";
        public const string CopyDiskFull = "PackageCopyDiskFull";

        /// <summary>The destination's file system failed to put a batch of written files on the disk (syncfs).</summary>
        public const string CopyNotDurable = "PackageCopyNotDurable";
        public const string CopyFileFailed = "PackageCopyFileFailed";
        public const string CopySourceChanged = "PackageCopySourceChanged";
        public const string CopyVerificationFailed = "PackageCopyVerificationFailed";
        public const string ReindexInstallPathUnknown = "PackageReindexInstallPathUnknown";
        public const string ReindexSkipped = "PackageReindexSkipped";
        public const string ReindexTimedOut = "PackageReindexTimedOut";
    }
}
