using System;
using System.Text;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>The sandbox backup format: every byte is covered by the checksum; a foreign file is not a backup.</summary>
    public sealed class BackupFileTests
    {
        private static readonly BackupHeader Header = new() { DatabaseName = "Oct]o'pus", SoftwareVersion = "15.0.2000.5", FirstLsn = 1, LastLsn = 2, Pages = 100 };

        private static readonly SqlDatabaseContent Content = new()
        {
            SizeBytes = 819200,
            RecoveryModel = "FULL",
            SchemaVersions = [new SchemaVersionRow { ScriptName = "Script0001.sql", Applied = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc) }],
        };

        [Fact]
        public void A_backup_reads_back_whole()
        {
            var (header, content, problem) = BackupFile.Read(BackupFile.Write(Header, Content));

            Assert.Equal(BackupFileProblem.None, problem);
            Assert.Equal("Oct]o'pus", header!.DatabaseName);
            Assert.Equal("Script0001.sql", content!.SchemaVersions[0].ScriptName);
            Assert.Equal(Content.SchemaVersions[0].Applied, content.SchemaVersions[0].Applied);
        }

        [Theory]
        [InlineData(0.3)]
        [InlineData(0.6)]
        [InlineData(0.9)]
        public void Any_changed_byte_is_damage_or_malformation(double where)
        {
            var bytes = BackupFile.Write(Header, Content);
            var at = (int)(bytes.Length * where);
            bytes[at] = bytes[at] == (byte)'1' ? (byte)'2' : (byte)'1';

            var (_, content, problem) = BackupFile.Read(bytes);

            Assert.NotEqual(BackupFileProblem.None, problem);
            Assert.Null(content);
        }

        [Theory]
        [InlineData("")]
        [InlineData("TAPE\n{}\n{}\nSHA256:00\n")]
        [InlineData("OCTOPUS-SANDBOX-SQL-BACKUP/1\nnot json\n{}\nSHA256:00\n")]
        public void A_foreign_file_is_malformed(string text)
        {
            var (header, _, problem) = BackupFile.Read(Encoding.UTF8.GetBytes(text));

            Assert.Equal(BackupFileProblem.Malformed, problem);
            Assert.Null(header);
        }
    }
}
