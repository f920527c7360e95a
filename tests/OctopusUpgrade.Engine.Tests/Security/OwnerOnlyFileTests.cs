using System;
using System.IO;
using System.Runtime.Versioning;
using System.Text;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Security
{
    /// <summary>
    /// The file-mode half of <see cref="OwnerOnlyFile"/>, where there is no DPAPI: the secret is stored as its UTF-8
    /// bytes and only the file's mode keeps others out. On Windows the first assertion fails rather than pass vacuously.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public sealed class OwnerOnlyFileTests : IDisposable
    {
        private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void A_secret_is_written_as_its_bytes_in_a_new_file_only_its_owner_can_read_and_is_read_back()
        {
            Assert.False(OwnerOnlyFile.UsesDataProtection);
            var path = _folder.Combine("master.key");

            OwnerOnlyFile.WriteSecret(path, new Secret("k3y/ö=="));

            Assert.Equal(Encoding.UTF8.GetBytes("k3y/ö=="), File.ReadAllBytes(path));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
            Assert.Equal("k3y/ö==", OwnerOnlyFile.ReadSecret(path).Reveal());
        }

        [Fact]
        public void A_file_that_others_could_read_is_emptied_and_made_owner_only()
        {
            var path = _folder.Combine("master.key");
            File.WriteAllText(path, "a much longer earlier content");
            File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            OwnerOnlyFile.WriteSecret(path, new Secret("short"));

            Assert.Equal("short", File.ReadAllText(path));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        }

        [Fact]
        public void A_created_file_is_empty_writable_and_owner_only()
        {
            var path = _folder.Combine("tool-output.txt");
            File.WriteAllText(path, "earlier");
            File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.OtherRead);

            using (var stream = OwnerOnlyFile.Create(path))
            {
                Assert.Equal(0, stream.Length);
                stream.WriteByte((byte)'x');
            }

            Assert.Equal("x", File.ReadAllText(path));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        }

        [Fact]
        public void No_secret_is_refused_before_anything_is_written()
        {
            var path = _folder.Combine("master.key");

            var error = Assert.Throws<ArgumentNullException>(() => OwnerOnlyFile.WriteSecret(path, null!));

            Assert.Equal("secret", error.ParamName);
            Assert.False(File.Exists(path));
        }
    }
}
