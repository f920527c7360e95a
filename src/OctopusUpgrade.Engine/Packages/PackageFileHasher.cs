using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>SHA-256 of a whole stream, through the caller's buffer so hashing allocates nothing per file.</summary>
    internal static class PackageFileHasher
    {
        public static byte[] Hash(Stream stream, byte[] buffer, CancellationToken cancellationToken)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
            }

            return hash.GetHashAndReset();
        }

        public static bool AreEqual(byte[] first, byte[] second)
        {
            if (first.Length != second.Length)
            {
                return false;
            }

            for (var i = 0; i < first.Length; i++)
            {
                if (first[i] != second[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
