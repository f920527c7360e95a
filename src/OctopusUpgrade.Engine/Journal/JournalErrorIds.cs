namespace OctopusUpgrade.Engine.Journal
{
    /// <summary>The error ids of reading and writing a session's journal.</summary>
    public static class JournalErrorIds
    {
        public const string Prefix = "Journal";

        public const string BelongsToAnotherSession = "JournalBelongsToAnotherSession";
        public const string Unreadable = "JournalUnreadable";
        public const string Corrupt = "JournalCorrupt";
        public const string FormatUnknown = "JournalFormatUnknown";
        public const string WriteFailed = "JournalWriteFailed";
    }
}
