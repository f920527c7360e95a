using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>SHA-256 of a whole stream through the caller's buffer (nothing allocated per file), and byte comparison.</summary>
    internal static class FileHasher
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

        public static bool AreEqual(byte[] first, byte[] second) =>
            first.Length == second.Length && AreEqual(first, second, first.Length);

        /// <summary>Whether the first <paramref name="count"/> bytes of both arrays are the same.</summary>
        public static bool AreEqual(byte[] first, byte[] second, int count)
        {
#if NET
            // Vectorised; the loop below gives the same answer on net472, only slower.
            return first.AsSpan(0, count).SequenceEqual(second.AsSpan(0, count));
#else
            for (var i = 0; i < count; i++)
            {
                if (first[i] != second[i])
                {
                    return false;
                }
            }

            return true;
#endif
        }
    }
}
