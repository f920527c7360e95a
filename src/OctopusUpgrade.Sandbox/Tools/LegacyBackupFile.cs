using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The sandbox's <c>.octobak</c>: what a 2.6 Backup task saves (environments, machines, projects and completed task
    /// logs, never the license: the real migrator does not import it, facts §5), encrypted with the instance's Master Key.
    /// The layout is invented (the real file is an encrypted RavenDB export; UNCONFIRMED beyond "encrypted with the Master
    /// Key"): a header line, a salt, an IV, an HMAC over the ciphertext, then AES-256-CBC of the JSON, keys derived from the
    /// Master Key with PBKDF2. A wrong key fails the HMAC, so nothing is read from a file the key does not open.
    /// </summary>
    internal static class LegacyBackupFile
    {
        private const string Header = "OctopusBackup sandbox-format 1\n";
        private const int SaltBytes = 16;
        private const int IvBytes = 16;
        private const int MacBytes = 32;
        private const int Iterations = 10_000;

        /// <summary>Writes the estate's 2.6 data to <paramref name="path"/>, as the Backup task does.</summary>
        public static void Write(Estate estate, string path)
        {
            var payload = estate.Read(() => Contents(estate));
            var salt = RandomNumberGenerator.GetBytes(SaltBytes);
            var (encryption, authentication) = Keys(estate.MasterKey, salt);
            using var aes = Aes.Create();
            aes.Key = encryption;
            var iv = RandomNumberGenerator.GetBytes(IvBytes);
            var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(payload.ToJsonString()), iv);
            var mac = HMACSHA256.HashData(authentication, iv.Concat(cipher).ToArray());
            using var file = File.Create(path);
            file.Write(Encoding.ASCII.GetBytes(Header));
            file.Write(salt);
            file.Write(iv);
            file.Write(mac);
            file.Write(cipher);
        }

        /// <summary>The backup's contents.</summary>
        /// <exception cref="InvalidDataException">Not a backup file, or <paramref name="masterKey"/> does not open it.</exception>
        public static JsonObject Read(string path, string masterKey)
        {
            var bytes = File.ReadAllBytes(path);
            var header = Encoding.ASCII.GetBytes(Header);
            var fixedPart = header.Length + SaltBytes + IvBytes + MacBytes;
            if (bytes.Length <= fixedPart || !bytes.AsSpan(0, header.Length).SequenceEqual(header))
            {
                throw new InvalidDataException("The file is not an Octopus 2.6 backup.");
            }

            var salt = bytes.AsSpan(header.Length, SaltBytes).ToArray();
            var iv = bytes.AsSpan(header.Length + SaltBytes, IvBytes).ToArray();
            var mac = bytes.AsSpan(header.Length + SaltBytes + IvBytes, MacBytes).ToArray();
            var cipher = bytes.AsSpan(fixedPart).ToArray();
            var (encryption, authentication) = Keys(masterKey, salt);
            if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(authentication, iv.Concat(cipher).ToArray())))
            {
                throw new InvalidDataException("The master key is not the one this backup was encrypted with.");
            }

            using var aes = Aes.Create();
            aes.Key = encryption;
            return JsonNode.Parse(aes.DecryptCbc(cipher, iv))!.AsObject();
        }

        private static (byte[] Encryption, byte[] Authentication) Keys(string masterKey, byte[] salt)
        {
            var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(masterKey), salt, Iterations, HashAlgorithmName.SHA256, 64);
            return (derived[..32], derived[32..]);
        }

        private static JsonObject Contents(Estate estate)
        {
            var environments = estate.EnvironmentList.Where(e => e.SpaceId == estate.DefaultSpaceId).ToList();
            string EnvironmentName(string id) => environments.First(e => e.Id == id).Name;
            return new JsonObject
            {
                ["SourceVersion"] = estate.Version.Text,
                ["Created"] = OctopusFormats.Iso(estate.Clock.GetUtcNow()),
                ["Environments"] = new JsonArray(environments.Select(e => (JsonNode)new JsonObject { ["Name"] = e.Name }).ToArray()),
                ["Machines"] = new JsonArray(estate.MachineList.Where(m => !m.IsWorker).Select(m => (JsonNode)new JsonObject
                {
                    ["Name"] = m.Name,
                    ["Environments"] = new JsonArray(m.EnvironmentIds.Select(id => (JsonNode)EnvironmentName(id)).ToArray()),
                    ["Roles"] = new JsonArray(m.Roles.Select(r => (JsonNode)r).ToArray()),
                    ["CommunicationStyle"] = m.CommunicationStyle,
                    ["TentacleVersion"] = m.TentacleVersion,
                    ["Thumbprint"] = m.Thumbprint,
                }).ToArray()),
                ["Projects"] = new JsonArray(estate.Library.Projects.Select(p => (JsonNode)new JsonObject
                {
                    ["Name"] = p["Name"]!.GetValue<string>(),
                    ["Description"] = p["Description"]?.GetValue<string>() ?? "",
                }).ToArray()),
                ["TaskLogs"] = new JsonArray(estate.TaskList.Where(t => t.IsCompleted && t.CompletedTime is not null).Select(t => (JsonNode)new JsonObject
                {
                    ["Id"] = t.Id,
                    ["Completed"] = OctopusFormats.Iso(t.CompletedTime!.Value),
                    ["Text"] = string.Join("\n", t.Log.Select(entry => entry.Name + ": " + entry.Status)),
                }).ToArray()),
            };
        }
    }
}
