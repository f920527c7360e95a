using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using OctopusUpgrade.Engine.IO;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class FileHasherTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(8)]
        [InlineData(9)]
        [InlineData(100)]
        public void A_stream_hashes_to_its_sha256_whatever_the_buffer_size(int length)
        {
            var bytes = new byte[length];
            new Random(length).NextBytes(bytes);

            var hash = FileHasher.Hash(new MemoryStream(bytes), new byte[8], CancellationToken.None);

            Assert.Equal(SHA256.HashData(bytes), hash);
        }

        [Fact]
        public void Hashing_stops_when_cancelled()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            Assert.Throws<OperationCanceledException>(() => FileHasher.Hash(new MemoryStream(new byte[10]), new byte[8], cancelled.Token));
        }

        [Theory]
        [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }, true)]
        [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 }, false)]
        [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 1, 2 }, false)]
        [InlineData(new byte[] { 1, 2 }, new byte[] { 1, 2, 3 }, false)]
        [InlineData(new byte[0], new byte[0], true)]
        public void Arrays_are_equal_only_with_the_same_length_and_bytes(byte[] first, byte[] second, bool equal)
        {
            Assert.Equal(equal, FileHasher.AreEqual(first, second));
        }

        [Fact]
        public void A_prefix_comparison_looks_at_the_first_bytes_only()
        {
            Assert.True(FileHasher.AreEqual(new byte[] { 1, 2, 9 }, new byte[] { 1, 2, 8 }, 2));
            Assert.False(FileHasher.AreEqual(new byte[] { 1, 2, 9 }, new byte[] { 1, 2, 8 }, 3));
        }
    }
}
