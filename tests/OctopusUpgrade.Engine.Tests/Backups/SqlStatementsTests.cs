using OctopusUpgrade.Engine.Sql;

namespace OctopusUpgrade.Engine.Tests.Backups
{
    /// <summary>The exact T-SQL the engine sends (the sandbox's statement set, real T-SQL), names and paths quoted whatever they hold.</summary>
    public sealed class SqlStatementsTests
    {
        public static TheoryData<string, string> Statements => new()
        {
            { SqlStatements.BackupDatabase("OctopusDeploy", @"D:\Backups\a.bak", copyOnly: true, compress: false), @"BACKUP DATABASE [OctopusDeploy] TO DISK = N'D:\Backups\a.bak' WITH COPY_ONLY, CHECKSUM, INIT, STATS = 10" },
            { SqlStatements.BackupDatabase("OctopusDeploy", @"D:\Backups\a.bak", copyOnly: true, compress: true), @"BACKUP DATABASE [OctopusDeploy] TO DISK = N'D:\Backups\a.bak' WITH COPY_ONLY, CHECKSUM, INIT, STATS = 10, COMPRESSION" },
            { SqlStatements.BackupDatabase("OctopusDeploy", "/b/a.bak", copyOnly: false, compress: false), "BACKUP DATABASE [OctopusDeploy] TO DISK = N'/b/a.bak' WITH CHECKSUM, INIT, STATS = 10" },
            { SqlStatements.BackupDatabase("Oct]o'pus", @"D:\O'Brien\a.bak", copyOnly: true, compress: false), @"BACKUP DATABASE [Oct]]o'pus] TO DISK = N'D:\O''Brien\a.bak' WITH COPY_ONLY, CHECKSUM, INIT, STATS = 10" },
            { SqlStatements.BackupDatabase("x]; DROP DATABASE y; --", "p", copyOnly: true, compress: false), "BACKUP DATABASE [x]]; DROP DATABASE y; --] TO DISK = N'p' WITH COPY_ONLY, CHECKSUM, INIT, STATS = 10" },
            { SqlStatements.VerifyBackup(@"D:\O'Brien\a.bak"), @"RESTORE VERIFYONLY FROM DISK = N'D:\O''Brien\a.bak' WITH CHECKSUM" },
            { SqlStatements.BackupHeader("a.bak"), "RESTORE HEADERONLY FROM DISK = N'a.bak'" },
            { SqlStatements.SingleUser("Oct]o'pus"), "ALTER DATABASE [Oct]]o'pus] SET SINGLE_USER WITH ROLLBACK IMMEDIATE" },
            { SqlStatements.MultiUser("Oct]o'pus"), "ALTER DATABASE [Oct]]o'pus] SET MULTI_USER" },
            { SqlStatements.RestoreDatabase("Oct]o'pus", "it's.bak"), "RESTORE DATABASE [Oct]]o'pus] FROM DISK = N'it''s.bak' WITH REPLACE, CHECKSUM, STATS = 10" },
            { SqlStatements.QuoteName("]]"), "[]]]]]" },
            { SqlStatements.Literal("''"), "N''''''" },
        };

        [Theory]
        [MemberData(nameof(Statements))]
        public void A_statement_is_exactly_this_text(string built, string expected) => Assert.Equal(expected, built);
    }
}
