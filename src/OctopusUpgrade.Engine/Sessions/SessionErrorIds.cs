namespace OctopusUpgrade.Engine.Sessions
{
    /// <summary>The error ids of creating, reopening and finding a session. Scripts match on these: they never change once shipped.</summary>
    public static class SessionErrorIds
    {
        public const string Prefix = "Session";

        public const string ServerRequired = "SessionServerRequired";
        public const string ServerNotAbsolute = "SessionServerNotAbsolute";
        public const string ServerSchemeUnsupported = "SessionServerSchemeUnsupported";
        public const string ServerHasControlCharacter = "SessionServerHasControlCharacter";
        public const string ServerHasExtras = "SessionServerHasExtras";
        public const string InsecureHttp = "SessionInsecureHttp";
        public const string ApiKeyEmpty = "SessionApiKeyEmpty";
        public const string ApiKeyInvalidCharacter = "SessionApiKeyInvalidCharacter";
        public const string InstanceNameInvalid = "SessionInstanceNameInvalid";
        public const string TargetVersionInvalid = "SessionTargetVersionInvalid";
        public const string InstallPathInvalid = "SessionInstallPathInvalid";
        public const string InstallPathIsFile = "SessionInstallPathIsFile";
        public const string InstallPathNotFound = "SessionInstallPathNotFound";
        public const string HomePathInvalid = "SessionHomePathInvalid";
        public const string HomePathIsFile = "SessionHomePathIsFile";
        public const string HomePathNotFound = "SessionHomePathNotFound";
        public const string JournalFolderUnwritable = "SessionJournalFolderUnwritable";
        public const string SqlConnectionStringEmpty = "SessionSqlConnectionStringEmpty";
        public const string SqlConnectionStringInvalid = "SessionSqlConnectionStringInvalid";
        public const string SqlConnectionStringKeywordUnknown = "SessionSqlConnectionStringKeywordUnknown";
        public const string SqlServerMissing = "SessionSqlServerMissing";
        public const string SqlCredentialConflict = "SessionSqlCredentialConflict";
        public const string SqlAuthenticationMissing = "SessionSqlAuthenticationMissing";
        public const string SqlPasswordMissing = "SessionSqlPasswordMissing";

        /// <summary>A cmdlet was given no session and the runspace has no default one.</summary>
        public const string NotFound = "SessionNotFound";
    }
}
