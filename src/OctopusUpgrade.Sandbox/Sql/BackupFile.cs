using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The sandbox's backup file format: UTF-8 lines <c>OCTOPUS-SANDBOX-SQL-BACKUP/1</c>, the header as JSON, the database
    /// content as JSON, then <c>SHA256:</c> and the hex SHA-256 of every byte before that line. Changing any byte is
    /// detected.
    /// </summary>
    internal static class BackupFile
    {
        private const string Magic = "OCTOPUS-SANDBOX-SQL-BACKUP/1";
        private const string HashPrefix = "SHA256:";

        public static byte[] Write(BackupHeader header, SqlDatabaseContent content)
        {
            var body = Magic + "\n" + JsonSerializer.Serialize(header) + "\n" + JsonSerializer.Serialize(content) + "\n";
            var bytes = Encoding.UTF8.GetBytes(body);
            return [.. bytes, .. Encoding.UTF8.GetBytes(HashPrefix + Convert.ToHexString(SHA256.HashData(bytes)) + "\n")];
        }

        /// <summary>Reads the header (enough for HEADERONLY) and, when the checksum holds, the content.</summary>
        public static (BackupHeader? Header, SqlDatabaseContent? Content, BackupFileProblem Problem) Read(byte[] bytes)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var lines = text.Split('\n');
            if (lines.Length != 5 || lines[0] != Magic || lines[4].Length != 0)
            {
                return (null, null, BackupFileProblem.Malformed);
            }

            BackupHeader? header;
            try
            {
                header = JsonSerializer.Deserialize<BackupHeader>(lines[1]);
            }
            catch (JsonException)
            {
                return (null, null, BackupFileProblem.Malformed);
            }

            var hashed = Encoding.UTF8.GetByteCount(lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n");
            var expected = HashPrefix + Convert.ToHexString(SHA256.HashData(bytes.AsSpan(0, Math.Min(hashed, bytes.Length))));
            if (header is null || lines[3] != expected)
            {
                return (header, null, BackupFileProblem.Damaged);
            }

            try
            {
                return (header, JsonSerializer.Deserialize<SqlDatabaseContent>(lines[2]), BackupFileProblem.None);
            }
            catch (JsonException)
            {
                return (header, null, BackupFileProblem.Damaged);
            }
        }
    }
}
