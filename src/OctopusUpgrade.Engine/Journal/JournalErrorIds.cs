namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>The error ids of reading and writing a session's journal.</summary>
    public static class JournalErrorIds
    {
        public const string Prefix = "Journal";

        public const string BelongsToAnotherSession = "JournalBelongsToAnotherSession";

        /// <summary>Another session, in this process or another, holds the journal's lock.</summary>
        public const string InUse = "JournalInUse";

        /// <summary>A write to a journal whose session was disposed, or that was opened only to be read.</summary>
        public const string Closed = "JournalClosed";
        public const string Unreadable = "JournalUnreadable";
        public const string Corrupt = "JournalCorrupt";
        public const string FormatUnknown = "JournalFormatUnknown";
        public const string WriteFailed = "JournalWriteFailed";
    }
}
