using System;
using System.IO;
using System.Security.Cryptography;

namespace OctopusUpgrade.Rehearsal
{
    /// <summary>SHA-256 computed here, independently of the engine's own hashing, for the outside checks.</summary>
    internal static class FileHash
    {
        public static string Sha256(string path)
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
    }
}
